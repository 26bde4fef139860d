/**
 * 每周调度: per city, for one Monday–Sunday week (China days): new people, new posts, shortlist matches made,
 * intents signed, placements started, placement rate so far this year against the target, and the
 * occupation with the most unfilled places. Every figure is a query over dated rows, so any past week
 * reproduces; "unfilled" counts places on posts created by the week's end, still valid then, minus
 * placements on them started by then (post status changes are not dated, so they are not used).
 */
import type { Database } from '@qihang/shared/db/client';
import { endOfChinaDay, startOfChinaDay } from '@qihang/shared/domain/index';
import { sql } from 'drizzle-orm';
import { placementRate, targetFor, type YearlyTargets } from './placement-rate';

export interface WeeklyRow {
  regionCode: string;
  regionName: string;
  newPeople: number;
  newPosts: number;
  matches: number;
  intents: number;
  placements: number;
  placementRate: number;
  target: number;
  topUnmet: { occupationCode: string; occupationName: string; openPlaces: number } | null;
}

export function weekOf(date: string): { from: string; to: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

type Count = { city: string; n: string };

export async function weeklyReport(
  database: Database,
  date: string,
  within: string | null,
  targets?: YearlyTargets,
) {
  const { from, to } = weekOf(date);
  const start = startOfChinaDay(from).toISOString();
  const end = endOfChinaDay(to).toISOString();
  const like = `${within ? within.replace(/0+$/, '') : ''}%`;
  const city = (col: string) => sql.raw(`rpad(left(${col}, 4), 6, '0')`);
  const count = (q: ReturnType<typeof sql>) => database.rows<Count>(q);
  const [people, posts, matches, intents, placements, unmet] = await Promise.all([
    count(sql`select ${city('origin_region_code')} as city, count(*)::text as n from people
      where created_at >= ${start}::timestamptz and created_at < ${end}::timestamptz and origin_region_code like ${like} group by 1`),
    count(sql`select ${city('region_code')} as city, count(*)::text as n from posts
      where created_at >= ${start}::timestamptz and created_at < ${end}::timestamptz and region_code like ${like} group by 1`),
    count(sql`select ${city('p.origin_region_code')} as city, count(*)::text as n from fair_shortlists s join people p on p.id = s.person_id
      where s.created_at >= ${start}::timestamptz and s.created_at < ${end}::timestamptz and p.origin_region_code like ${like} group by 1`),
    count(sql`select ${city('p.origin_region_code')} as city, count(*)::text as n from intents i join people p on p.id = i.person_id
      where i.signed_on between ${from}::date and ${to}::date and p.origin_region_code like ${like} group by 1`),
    count(sql`select ${city('region_code')} as city, count(*)::text as n from placements
      where start_date between ${from}::date and ${to}::date and region_code like ${like} group by 1`),
    database.rows<{ city: string; code: string; name: string | null; open: string }>(sql`
      select distinct on (city) city, code, name, open from (
        select ${city('po.region_code')} as city, po.occupation_code as code, o.name,
               sum(greatest(0, po.headcount - (select count(*) from placements pl
                 where pl.post_id = po.id and pl.start_date <= ${to}::date)))::text as open
        from posts po left join occupations o on o.code = po.occupation_code
        where po.created_at < ${end}::timestamptz and po.occupation_code is not null
          and (po.valid_to is null or po.valid_to >= ${from}::date) and po.region_code like ${like}
        group by 1, 2, 3) t
      order by city, open::int desc, code`),
  ]);
  const rates = await placementRate(database, { by: 'region', level: 'city', asOf: to, within, targets });
  const by = (rows: Count[]) => new Map(rows.map((r) => [r.city, Number(r.n)]));
  const maps = {
    people: by(people),
    posts: by(posts),
    matches: by(matches),
    intents: by(intents),
    placements: by(placements),
  };
  const unmetBy = new Map(unmet.map((u) => [u.city, u]));
  const rateBy = new Map(rates.map((r) => [r.key, r]));
  const cities = new Set([
    ...Object.values(maps).flatMap((m) => [...m.keys()]),
    ...unmetBy.keys(),
    ...rateBy.keys(),
  ]);
  const names = new Map(
    (
      await database.rows<{ code: string; name: string }>(
        sql`select code, name from regions where code like '____00'`,
      )
    ).map((r) => [r.code, r.name]),
  );
  const target = targetFor(Number(to.slice(0, 4)), targets);
  const items: WeeklyRow[] = [...cities].sort().map((c) => {
    const u = unmetBy.get(c);
    return {
      regionCode: c,
      regionName: names.get(c) ?? c,
      newPeople: maps.people.get(c) ?? 0,
      newPosts: maps.posts.get(c) ?? 0,
      matches: maps.matches.get(c) ?? 0,
      intents: maps.intents.get(c) ?? 0,
      placements: maps.placements.get(c) ?? 0,
      placementRate: rateBy.get(c)?.rate ?? 0,
      target,
      topUnmet:
        u && Number(u.open) > 0
          ? { occupationCode: u.code, occupationName: u.name ?? u.code, openPlaces: Number(u.open) }
          : null,
    };
  });
  return { from, to, items };
}
