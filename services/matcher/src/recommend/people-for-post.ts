import type { Education } from '@qihang/shared/domain/index';
import { NotFoundError } from '@qihang/shared/errors';
import { checkPair } from '../ranking/constraints';
import { explain } from '../ranking/explain';
import { scorePair } from '../ranking/score';
import type { MatchPerson, Reason } from '../ranking/types';
import type { Component } from '../ranking/weights';
import { personFiltersFor } from '../retrieval/filters';
import { searchPeople } from '../retrieval/vector-search';
import { isUuid } from '../sql';
import {
  candidatePool,
  type MatcherDeps,
  ownerVector,
  type Page,
  type PageOptions,
  pageBounds,
  scoreContext,
  toPage,
} from './deps';
import { loadLabels, loadPeople, loadPosts } from './load';

/**
 * What an employer sees of a candidate: an allow-list. Never the name, phone, ID, status category, facility,
 * origin or free-text work history (which could mention a facility).
 */
export interface CandidateRecommendation {
  /** Internal pseudonymous id, for follow-up actions through the API; not an identity number. */
  candidateId: string;
  age: number | null;
  education: Education | null;
  skills: string[];
  certificates: string[];
  desiredOccupations: string[];
  availableFrom: string | null;
  score: number;
  components: Record<Component, number>;
  reasons: Reason[];
}

const deidentify = (
  person: MatchPerson,
  today: string,
): Omit<CandidateRecommendation, 'score' | 'components' | 'reasons'> => ({
  candidateId: person.id,
  age: person.birthYear === null ? null : Number(today.slice(0, 4)) - person.birthYear,
  education: person.education,
  skills: [...person.skills],
  certificates: [...person.certificates],
  desiredOccupations: [...person.desiredOccupations],
  availableFrom: person.availableFrom,
});

/** The employer's view: consenting people who pass every rule for this post, best first. */
export async function peopleForPost(
  deps: MatcherDeps,
  postId: string,
  options: PageOptions = {},
): Promise<Page<CandidateRecommendation>> {
  const { offset, limit } = pageBounds(options);
  const post = isUuid(postId) ? (await loadPosts(deps.database, [postId])).get(postId) : undefined;
  if (!post) throw new NotFoundError('post');
  const vector = await ownerVector(deps, 'post', post.id);
  if (!vector) throw new NotFoundError('post');
  const today = deps.today();
  const pool = candidatePool(offset, limit);
  const hits = await searchPeople(deps.database, {
    vector,
    model: deps.embedder.model,
    filter: personFiltersFor(post, today),
    memory: deps.memory?.people,
    limit: pool,
    efSearch: Math.max(deps.efSearch, pool),
  });
  const people = await loadPeople(
    deps.database,
    hits.map((h) => h.id),
  );
  const labels = await loadLabels(
    deps.database,
    [
      post.regionCode,
      ...[...people.values()].flatMap((p) => [...p.acceptableRegionCodes, p.originRegionCode]),
    ],
    post.occupationCode ? [post.occupationCode] : [],
  );
  const ctx = await scoreContext(deps, labels);
  const ranked: CandidateRecommendation[] = [];
  for (const hit of hits) {
    const person = people.get(hit.id);
    if (!person) continue;
    const verdict = checkPair(person, post, ctx, 'peopleForPost');
    if (!verdict.ok) continue;
    const scored = scorePair(person, post, hit.similarity, ctx);
    ranked.push({
      ...deidentify(person, today),
      score: scored.score,
      components: scored.components,
      reasons: explain(verdict, scored, 'employer'),
    });
  }
  ranked.sort((a, b) => b.score - a.score || (a.candidateId < b.candidateId ? -1 : 1));
  return toPage(ranked, offset, limit);
}
