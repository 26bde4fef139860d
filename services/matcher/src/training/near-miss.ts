import { sql } from 'drizzle-orm';
import { checkPair } from '../ranking/constraints';
import { areaContaining, reachOf } from '../ranking/location';
import { scorePair } from '../ranking/score';
import { type MatcherDeps, ownerVector, postsInContext } from '../recommend/deps';
import { loadPerson } from '../recommend/posts-for-person';
import { postFiltersFor } from '../retrieval/filters';
import { textArray, vectorLiteral } from '../sql';

export interface NearMissPost {
  postId: string;
  title: string;
  employerName: string;
  regionName: string;
  openings: number;
  score: number;
}

export interface TrainingOption {
  courseId: string;
  name: string;
  provider: string;
  regionCode: string | null;
  durationDays: number;
  costYuan: number;
  /** The course is held inside a region the person can work in. */
  withinReach: boolean;
}

export interface NearMissGroup {
  kind: 'certificate' | 'skill';
  /** The missing item, e.g. 叉车证. */
  item: string;
  /** e.g. 缺少叉车证 ✗ */
  reason: string;
  /** Open headcount over all posts this one item would unlock. */
  openings: number;
  postCount: number;
  /** The best of those posts for this person. */
  posts: NearMissPost[];
  courses: TrainingOption[];
}

/** Posts examined per person; the SQL already narrows them to ones missing exactly one item. */
const MAX_POSTS = 2000;
const POSTS_PER_GROUP = 5;

/**
 * Posts a person would pass except for exactly one missing certificate or skill, grouped by that item,
 * with the headcount it would unlock and the courses that teach it.
 */
export async function nearMisses(deps: MatcherDeps, personId: string): Promise<NearMissGroup[]> {
  const person = await loadPerson(deps, personId);
  const vector = await ownerVector(deps, 'person', person.id);
  const today = deps.today();
  const certs = textArray(person.certificates);
  const skills = textArray(person.skills);
  const similarity = vector ? sql`1 - (e.embedding <=> ${vectorLiteral(vector)}::vector)` : sql`${0}::float8`;
  const rows = await deps.database.rows<{ id: string; similarity: number | string | null }>(sql`
    select p.id, ${similarity} as similarity
    from posts p join employers em on em.id = p.employer_id
    left join embeddings e on e.owner_type = 'post' and e.owner_id = p.id::text and e.model = ${deps.embedder.model}
    where ${postFiltersFor(person, today, { ignoreItems: true }).sql}
      and cardinality(array(select unnest(p.required_certificates) except select unnest(${certs})))
        + cardinality(array(select unnest(p.required_skills) except select unnest(${skills}))) = 1
    limit ${MAX_POSTS}`);
  const { posts, ctx } = await postsInContext(
    deps,
    person,
    rows.map((r) => r.id),
  );
  const groups = new Map<string, NearMissGroup>();
  for (const row of rows) {
    const post = posts.get(row.id);
    if (!post) continue;
    const verdict = checkPair(person, post, ctx, 'postsForPerson');
    const [only, ...others] = verdict.failed;
    if (!only || others.length > 0 || only.missing?.length !== 1) continue;
    const kind = only.rule === 'certificates' ? 'certificate' : only.rule === 'skills' ? 'skill' : undefined;
    if (!kind) continue;
    const item = only.missing[0]!;
    const key = `${kind}/${item}`;
    const group = groups.get(key) ?? {
      kind,
      item,
      reason: `${kind === 'certificate' ? '缺少' : '不会'}${item} ✗`,
      openings: 0,
      postCount: 0,
      posts: [],
      courses: [],
    };
    const openings = post.headcount - post.filledCount;
    group.openings += openings;
    group.postCount++;
    group.posts.push({
      postId: post.id,
      title: post.title,
      employerName: post.employerName,
      regionName: ctx.labels.region(post.regionCode),
      openings,
      score: scorePair(person, post, Number(row.similarity ?? 0), ctx).score,
    });
    groups.set(key, group);
  }
  const reach = reachOf(person);
  const result = [...groups.values()].sort((a, b) => b.openings - a.openings || a.item.localeCompare(b.item));
  for (const group of result) {
    group.posts = group.posts.sort((a, b) => b.score - a.score).slice(0, POSTS_PER_GROUP);
    const column = group.kind === 'certificate' ? sql`certificates_taught` : sql`skills_taught`;
    const courses = await deps.database.rows<{
      id: string;
      name: string;
      provider: string;
      region_code: string | null;
      duration_days: number;
      cost_yuan: number;
    }>(sql`select id, name, provider, region_code, duration_days, cost_yuan from training_courses
           where ${group.item} = any(${column}) order by cost_yuan, duration_days, name limit 20`);
    group.courses = courses
      .map((c) => ({
        courseId: c.id,
        name: c.name,
        provider: c.provider,
        regionCode: c.region_code,
        durationDays: Number(c.duration_days),
        costYuan: Number(c.cost_yuan),
        withinReach: c.region_code === null || areaContaining(reach, c.region_code) !== undefined,
      }))
      .sort((a, b) => Number(b.withinReach) - Number(a.withinReach))
      .slice(0, 5);
  }
  return result;
}
