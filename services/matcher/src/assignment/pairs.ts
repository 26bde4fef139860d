/**
 * Every (person, post) pair of a fair, checked and scored without vector search: the fair's lists are small
 * and fixed, so each pair goes through the matcher's own hard rules (checkPair, employer direction — fair
 * shortlists reach employers, so consent and "still seeking" apply) and its own scorePair. Semantic
 * similarity is the cosine of the stored embeddings; a pair whose vectors are missing (not embedded yet,
 * or under different models) gets the semantic floor, i.e. no semantic credit, rather than a guess.
 */
import type { Database } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import { checkPair, type RuleResult } from '../ranking/constraints';
import { type ScoreContext, scorePair } from '../ranking/score';
import type { MatchPerson, MatchPost } from '../ranking/types';
import { semanticFloor } from '../ranking/weights';
import { loadLabels, loadPeople, loadPosts, loadTypicalItems } from '../recommend/load';
import { parseVector, textArray } from '../sql';

export interface FairPair {
  personId: string;
  postId: string;
  feasible: boolean;
  score: number;
  /** Failed rules (Chinese), for "why is this person on no list". */
  failed: RuleResult[];
}

export interface FairPairs {
  people: Map<string, MatchPerson>;
  posts: Map<string, MatchPost>;
  pairs: FairPair[];
}

async function vectors(database: Database, ownerType: 'person' | 'post', ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { model: string; v: Float32Array }>();
  const rows = await database.rows<{ owner_id: string; model: string; embedding: string }>(sql`
    select owner_id, model, embedding::text as embedding from embeddings
    where owner_type = ${ownerType} and owner_id = any(${textArray(ids)})`);
  return new Map(rows.map((r) => [r.owner_id, { model: r.model, v: parseVector(r.embedding) }]));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export async function fairPairs(
  database: Database,
  personIds: readonly string[],
  postIds: readonly string[],
  today: string,
  options: { score?: boolean } = {},
): Promise<FairPairs> {
  const scoring = options.score ?? true;
  const [people, posts, typical] = await Promise.all([
    loadPeople(database, personIds),
    loadPosts(database, postIds),
    loadTypicalItems(database),
  ]);
  const labels = await loadLabels(
    database,
    [
      ...[...posts.values()].map((p) => p.regionCode),
      ...[...people.values()].flatMap((p) => [...p.acceptableRegionCodes, p.originRegionCode]),
    ],
    [...posts.values()].flatMap((p) => (p.occupationCode ? [p.occupationCode] : [])),
  );
  const empty = new Set<string>();
  const ctx: ScoreContext = { today, labels, typicalItems: (code) => typical.get(code) ?? empty };
  // Verdicts alone (training demand) need no vectors.
  const [personVectors, postVectors] = scoring
    ? await Promise.all([
        vectors(database, 'person', [...people.keys()]),
        vectors(database, 'post', [...posts.keys()]),
      ])
    : [new Map(), new Map()];
  const pairs: FairPair[] = [];
  for (const person of people.values()) {
    const pv = personVectors.get(person.id);
    for (const post of posts.values()) {
      const verdict = checkPair(person, post, ctx, 'peopleForPost');
      if (!verdict.ok) {
        pairs.push({
          personId: person.id,
          postId: post.id,
          feasible: false,
          score: 0,
          failed: verdict.failed,
        });
        continue;
      }
      if (!scoring) {
        pairs.push({ personId: person.id, postId: post.id, feasible: true, score: 0, failed: [] });
        continue;
      }
      const qv = postVectors.get(post.id);
      const cos = pv && qv && pv.model === qv.model ? cosine(pv.v, qv.v) : semanticFloor;
      const { score } = scorePair(person, post, cos, ctx);
      pairs.push({ personId: person.id, postId: post.id, feasible: true, score, failed: [] });
    }
  }
  return { people, posts, pairs };
}
