import { NotFoundError } from '@qihang/shared/errors';
import { checkPair } from '../ranking/constraints';
import { explain } from '../ranking/explain';
import { scorePair } from '../ranking/score';
import type { MatchPerson, Reason } from '../ranking/types';
import type { Component } from '../ranking/weights';
import { postFiltersFor } from '../retrieval/filters';
import { searchPosts } from '../retrieval/vector-search';
import { isUuid } from '../sql';
import {
  candidatePool,
  type MatcherDeps,
  ownerVector,
  type Page,
  type PageOptions,
  pageBounds,
  postsInContext,
  toPage,
} from './deps';
import { loadPeople } from './load';

export interface PostRecommendation {
  postId: string;
  title: string;
  employerName: string;
  regionCode: string;
  regionName: string;
  occupationCode: string | null;
  payMin: number | null;
  payMax: number | null;
  accommodation: boolean;
  meals: boolean;
  /** Headcount still open. */
  openings: number;
  score: number;
  components: Record<Component, number>;
  reasons: Reason[];
}

export async function loadPerson(deps: MatcherDeps, personId: string): Promise<MatchPerson> {
  const person = isUuid(personId) ? (await loadPeople(deps.database, [personId])).get(personId) : undefined;
  if (!person || person.status === 'erased') throw new NotFoundError('person');
  return person;
}

/** Posts for one person, best first: retrieve by vector with SQL filters, check every rule, score, page. */
export async function postsForPerson(
  deps: MatcherDeps,
  personId: string,
  options: PageOptions = {},
): Promise<Page<PostRecommendation>> {
  const { offset, limit } = pageBounds(options);
  const person = await loadPerson(deps, personId);
  const vector = await ownerVector(deps, 'person', person.id);
  if (!vector) throw new NotFoundError('person');
  const today = deps.today();
  const pool = candidatePool(offset, limit);
  const hits = await searchPosts(deps.database, {
    vector,
    model: deps.embedder.model,
    filter: postFiltersFor(person, today),
    memory: deps.memory?.posts,
    limit: pool,
    efSearch: Math.max(deps.efSearch, pool),
  });
  const { posts, ctx } = await postsInContext(
    deps,
    person,
    hits.map((h) => h.id),
  );
  const ranked: PostRecommendation[] = [];
  for (const hit of hits) {
    const post = posts.get(hit.id);
    if (!post) continue;
    const verdict = checkPair(person, post, ctx, 'postsForPerson');
    if (!verdict.ok) continue;
    const scored = scorePair(person, post, hit.similarity, ctx);
    ranked.push({
      postId: post.id,
      title: post.title,
      employerName: post.employerName,
      regionCode: post.regionCode,
      regionName: ctx.labels.region(post.regionCode),
      occupationCode: post.occupationCode,
      payMin: post.payMin,
      payMax: post.payMax,
      accommodation: post.accommodation,
      meals: post.meals,
      openings: post.headcount - post.filledCount,
      score: scored.score,
      components: scored.components,
      reasons: explain(verdict, scored, 'person'),
    });
  }
  ranked.sort((a, b) => b.score - a.score || (a.postId < b.postId ? -1 : 1));
  return toPage(ranked, offset, limit);
}
