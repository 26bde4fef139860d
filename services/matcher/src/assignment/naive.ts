/**
 * The baseline a fair organizer would get from per-post recommendation lists: each post takes its top
 * k × headcount candidates by score, then each person keeps their m best booths. Popular people crowd many
 * lists and others appear on none — what the flow assignment is compared against in tests and the bench.
 */
import { type Assigned, type AssignmentInput, type AssignmentResult, defaults } from './types';

export function naiveTopK(input: AssignmentInput): AssignmentResult {
  const opts = { ...defaults, ...input.options };
  const people = new Set(input.people);
  const byPost = new Map<string, Assigned[]>();
  for (const pair of input.pairs) {
    if (!people.has(pair.personId) || pair.score < 0) continue;
    const list = byPost.get(pair.postId) ?? [];
    list.push({ ...pair, rank: 0 });
    byPost.set(pair.postId, list);
  }
  const byPerson = new Map<string, Assigned[]>();
  for (const post of input.posts) {
    const list = (byPost.get(post.id) ?? []).sort(
      (a, b) => b.score - a.score || (a.personId < b.personId ? -1 : 1),
    );
    for (const a of list.slice(0, Math.max(0, opts.perHeadcount * post.headcount))) {
      const list = byPerson.get(a.personId) ?? [];
      list.push(a);
      byPerson.set(a.personId, list);
    }
  }
  const assignments: Assigned[] = [];
  for (const list of byPerson.values()) {
    list.sort((a, b) => b.score - a.score);
    assignments.push(...list.slice(0, opts.boothsPerPerson));
  }
  const covered = new Set(assignments.map((a) => a.personId));
  const withOptions = new Set(input.pairs.map((p) => p.personId));
  return {
    assignments,
    uncovered: input.people
      .filter((id) => !covered.has(id))
      .map((personId) => ({
        personId,
        reason: withOptions.has(personId) ? ('capacity' as const) : ('no_feasible_post' as const),
      })),
    covered: covered.size,
    totalScore: assignments.reduce((sum, a) => sum + a.score, 0),
    stats: {
      pairsConsidered: input.pairs.length,
      pairsFeasible: input.pairs.length,
      pruned: false,
      phases: 0,
    },
  };
}
