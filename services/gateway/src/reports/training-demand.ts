/**
 * Training demand: among people willing to train, which single missing certificate or skill would unlock
 * the most open headcount. A pair counts when the matcher's hard rules fail *only* on certificates/skills
 * and exactly one item is missing — one course away. Grouped by facility and by city of origin.
 */
import { fairPairs } from '@qihang/matcher';
import type { Database } from '@qihang/shared/db/client';
import { people } from '@qihang/shared/db/schema/index';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';

export interface DemandRow {
  facilityId: string | null;
  facilityName: string;
  regionCode: string;
  regionName: string;
  item: string;
  people: number;
  posts: number;
  openHeadcount: number;
  courses: { id: string; name: string; provider: string; durationDays: number; costYuan: number }[];
}

const cityOf = (code: string) => `${code.slice(0, 4)}00`;

export async function trainingDemand(
  database: Database,
  scope: SQL | undefined,
  today: string,
): Promise<DemandRow[]> {
  const willing = await database.db
    .select({ id: people.id, facilityId: people.facilityId })
    .from(people)
    .where(and(eq(people.willingToTrain, true), eq(people.status, 'active'), isNull(people.erasedAt), scope));
  // Only posts with required items can be one item away.
  const open = await database.rows<{ id: string; open: number }>(sql`
    select id, headcount - filled_count as open from posts
    where status = 'open' and filled_count < headcount and (valid_to is null or valid_to >= ${today}::date)
      and (cardinality(required_certificates) > 0 or cardinality(required_skills) > 0)`);
  const openOf = new Map(open.map((p) => [p.id, Number(p.open)]));
  const scored = await fairPairs(
    database,
    willing.map((p) => p.id),
    [...openOf.keys()],
    today,
    { score: false },
  );
  const facilityOf = new Map(willing.map((p) => [p.id, p.facilityId]));
  type Acc = {
    facilityId: string | null;
    regionCode: string;
    item: string;
    people: Set<string>;
    posts: Set<string>;
  };
  const acc = new Map<string, Acc>();
  for (const pair of scored.pairs) {
    if (pair.feasible || !pair.failed.every((f) => f.rule === 'certificates' || f.rule === 'skills'))
      continue;
    const missing = pair.failed.flatMap((f) => f.missing ?? []);
    if (missing.length !== 1) continue;
    const person = scored.people.get(pair.personId)!;
    const facilityId = facilityOf.get(pair.personId) ?? null;
    const regionCode = cityOf(person.originRegionCode);
    const key = `${facilityId}|${regionCode}|${missing[0]}`;
    const a = acc.get(key) ?? {
      facilityId,
      regionCode,
      item: missing[0]!,
      people: new Set(),
      posts: new Set(),
    };
    a.people.add(pair.personId);
    a.posts.add(pair.postId);
    acc.set(key, a);
  }
  if (acc.size === 0) return [];
  const [names, courses] = await Promise.all([
    database.rows<{ kind: string; id: string; name: string }>(sql`
      select 'facility' as kind, id::text as id, name from facilities
      union all select 'region', code, name from regions where code like '____00'`),
    database.rows<{
      id: string;
      name: string;
      provider: string;
      duration_days: number;
      cost_yuan: number;
      items: string[];
      region_code: string | null;
    }>(sql`
      select id, name, provider, duration_days, cost_yuan, skills_taught || certificates_taught as items, region_code
      from training_courses order by cost_yuan, name`),
  ]);
  const nameOf = new Map(names.map((n) => [`${n.kind}:${n.id}`, n.name]));
  return [...acc.values()]
    .map((a) => ({
      facilityId: a.facilityId,
      facilityName: a.facilityId ? (nameOf.get(`facility:${a.facilityId}`) ?? '') : '无所属机构',
      regionCode: a.regionCode,
      regionName: nameOf.get(`region:${a.regionCode}`) ?? a.regionCode,
      item: a.item,
      people: a.people.size,
      posts: a.posts.size,
      openHeadcount: [...a.posts].reduce((s, id) => s + (openOf.get(id) ?? 0), 0),
      courses: courses
        .filter((c) => (c.items ?? []).includes(a.item))
        .map((c) => ({
          id: c.id,
          name: c.name,
          provider: c.provider,
          durationDays: Number(c.duration_days),
          costYuan: Number(c.cost_yuan),
        })),
    }))
    .sort(
      (x, y) =>
        y.openHeadcount - x.openHeadcount || y.people - x.people || x.item.localeCompare(y.item, 'zh'),
    );
}
