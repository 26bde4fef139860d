import type { Database } from '@qihang/shared/db/client';
import type { Embedder } from '../../embedding/embedder';
import { createMatcher } from '../../index';
import { checkPair } from '../../ranking/constraints';
import type { MatchContext } from '../../ranking/types';
import { loadPeople, loadPosts } from '../../recommend/load';
import { mean, ndcgAt, recallAt, reciprocalRank } from '../metrics';
import { type GoldenCase, goldenCases, nearMissCases } from './cases';
import { GOLDEN_TODAY } from './fixtures';
import { type GoldenIds, loadGolden } from './load';

export interface CaseResult {
  name: string;
  ranked: string[];
  ndcg10: number;
  recall10: number;
  mrr: number;
  /** Returned pairs that break a hard rule (hand-labelled or re-checked): must be empty. */
  violations: string[];
  /** Expected orderings, reasons and near-miss groups that did not hold. */
  failures: string[];
}

export interface GoldenReport {
  ids: GoldenIds;
  cases: CaseResult[];
  ndcg10: number;
  recall10: number;
  mrr: number;
  violations: number;
  failures: number;
}

/** Fields an employer's result must never carry. */
const employerForbiddenFields = [
  'statusCategory',
  'name',
  'phone',
  'idNumberHash',
  'facilityId',
  'workHistory',
  'originRegionCode',
];
const plainLabels: MatchContext['labels'] = { region: (c) => c, occupation: (c) => c };

async function runCase(
  c: GoldenCase,
  ids: GoldenIds,
  matcher: ReturnType<typeof createMatcher>,
  database: Database,
): Promise<CaseResult> {
  const idOf = c.direction === 'postsForPerson' ? ids.person : ids.post;
  const queryId = idOf[c.query]!;
  const page =
    c.direction === 'postsForPerson'
      ? await matcher.postsForPerson(queryId, { limit: 100 })
      : await matcher.peopleForPost(queryId, { limit: 100 });
  const resultIds = page.items.map((i) => ('postId' in i ? i.postId : i.candidateId));
  const ranked = resultIds.map((id) => ids.keyOf.get(id) ?? id);
  const violations: string[] = [];
  const failures: string[] = [];
  for (const [key, rule] of Object.entries(c.forbidden ?? {})) {
    if (ranked.includes(key)) violations.push(`${key} returned (breaks ${rule})`);
  }
  // Defence in depth, re-checked here: every returned pair, against every rule.
  const personIds = c.direction === 'postsForPerson' ? [queryId] : resultIds;
  const postIds = c.direction === 'postsForPerson' ? resultIds : [queryId];
  const [people, posts] = await Promise.all([loadPeople(database, personIds), loadPosts(database, postIds)]);
  for (const personId of personIds) {
    for (const postId of postIds) {
      const verdict = checkPair(
        people.get(personId)!,
        posts.get(postId)!,
        { today: GOLDEN_TODAY, labels: plainLabels },
        c.direction,
      );
      for (const f of verdict.failed)
        violations.push(`${ids.keyOf.get(personId)}×${ids.keyOf.get(postId)}: ${f.rule}`);
    }
  }
  if (c.direction === 'peopleForPost') {
    for (const item of page.items) {
      const leaked = employerForbiddenFields.filter((f) => f in item);
      if (leaked.length) violations.push(`employer view carries ${leaked.join(', ')}`);
    }
  }
  for (const [better, worse] of c.order ?? []) {
    const b = ranked.indexOf(better);
    const w = ranked.indexOf(worse);
    if (b < 0 || w < 0 || b > w) failures.push(`expected ${better} before ${worse} (got ${b}, ${w})`);
  }
  for (const [key, texts] of Object.entries(c.reasons ?? {})) {
    const item = page.items[ranked.indexOf(key)];
    const got = item?.reasons.map((r) => r.text) ?? [];
    for (const t of texts)
      if (!got.includes(t)) failures.push(`${key} lacks reason ${t} (has ${got.join(' ')})`);
  }
  const gains = new Map(Object.entries(c.relevant));
  return {
    name: c.name,
    ranked,
    ndcg10: ndcgAt(ranked, gains, 10),
    recall10: recallAt(ranked, gains, 10),
    mrr: reciprocalRank(ranked, gains),
    violations,
    failures,
  };
}

async function runNearMisses(
  ids: GoldenIds,
  matcher: ReturnType<typeof createMatcher>,
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of nearMissCases) {
    const groups = await matcher.nearMisses(ids.person[c.person]!);
    const byKey = new Map(groups.map((g) => [`${g.kind}/${g.item}`, g]));
    const failures: string[] = [];
    for (const [key, want] of Object.entries(c.groups)) {
      const g = byKey.get(key);
      if (!g) {
        failures.push(`no group ${key}`);
        continue;
      }
      const got = new Set(g.posts.map((p) => ids.keyOf.get(p.postId)));
      for (const p of want.posts) if (!got.has(p)) failures.push(`${key} lacks post ${p}`);
      if (g.openings !== want.openings)
        failures.push(`${key} unlocks ${g.openings}, expected ${want.openings}`);
      if (want.firstCourse && g.courses[0]?.name !== want.firstCourse) {
        failures.push(`${key} first course ${g.courses[0]?.name}, expected ${want.firstCourse}`);
      }
    }
    for (const key of c.absent) if (byKey.has(key)) failures.push(`unexpected group ${key}`);
    out.push({
      name: c.name,
      ranked: [...byKey.keys()],
      ndcg10: 1,
      recall10: 1,
      mrr: 1,
      violations: [],
      failures,
    });
  }
  return out;
}

/** Loads the golden world into `database` (fresh and migrated) and runs every case. */
export async function runGolden(
  database: Database,
  embedder: Embedder,
  options: {
    /** Search through the memory index, as the gateway does by default (loaded before the first case). */
    memoryIndex?: boolean;
    /** The golden data is already in this database (from an earlier run): these are its ids. */
    loaded?: GoldenIds;
  } = {},
): Promise<GoldenReport> {
  const memoryIndex = options.memoryIndex ?? true;
  const ids = options.loaded ?? (await loadGolden(database, embedder));
  const matcher = createMatcher({ database, embedder, today: () => GOLDEN_TODAY, memoryIndex });
  await matcher.warm();
  if (memoryIndex && matcher.memoryRows()?.posts == null) throw new Error('the memory index did not load');
  const ranking: CaseResult[] = [];
  let cases: CaseResult[];
  try {
    for (const c of goldenCases) ranking.push(await runCase(c, ids, matcher, database));
    cases = [...ranking, ...(await runNearMisses(ids, matcher))];
  } finally {
    matcher.close();
  }
  return {
    ids,
    cases,
    ndcg10: mean(ranking.map((c) => c.ndcg10)),
    recall10: mean(ranking.map((c) => c.recall10)),
    mrr: mean(ranking.map((c) => c.mrr)),
    violations: cases.reduce((n, c) => n + c.violations.length, 0),
    failures: cases.reduce((n, c) => n + c.failures.length, 0),
  };
}
