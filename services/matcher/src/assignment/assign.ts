/**
 * Capacity-aware fair shortlists. Objective, lexicographic: (1) as many people as possible get at least one
 * booth, (2) then the total match score is maximal — subject to each post taking at most k × headcount
 * candidates, each person at most m booths, and only feasible pairs (every hard rule passed) being used.
 *
 * Network: source → person twice (a "first booth" edge, capacity 1, cost −BIG; an "extra booths" edge,
 * capacity m − 1, cost 0), person → post (capacity 1, cost −score), post → sink (capacity k × headcount).
 * BIG exceeds any achievable total score, so one more covered person always beats any score gain. The
 * cheapest flow (maxProfitFlow) is then exactly the lexicographic optimum over the kept pairs.
 */
import { FlowNetwork, maxProfitFlow } from './min-cost-flow';
import { type Assigned, type AssignmentInput, type AssignmentResult, defaults, scoreUnits } from './types';

interface Solved {
  chosen: Assigned[];
  phases: number;
}

/** Solves the network over the given pairs (already filtered to known people/posts and positive capacity). */
function solve(input: AssignmentInput, pairs: AssignmentInput['pairs'], booths: number, k: number): Solved {
  const personIndex = new Map(input.people.map((id, i) => [id, i]));
  const postIndex = new Map(input.posts.map((p, i) => [p.id, i]));
  const P = input.people.length;
  const Q = input.posts.length;
  const s = 0;
  const t = P + Q + 1;
  const net = new FlowNetwork(P + Q + 2);
  const units = pairs.map((p) => scoreUnits(p.score));
  const maxUnits = units.reduce((a, b) => Math.max(a, b), 0);
  const big = maxUnits * Math.min(pairs.length, P * booths) + 1;
  for (let i = 0; i < P; i++) {
    net.addEdge(s, 1 + i, 1, -big);
    if (booths > 1) net.addEdge(s, 1 + i, booths - 1, 0);
  }
  input.posts.forEach((post, j) => {
    net.addEdge(1 + P + j, t, k * Math.max(0, post.headcount), 0);
  });
  const pairEdges = pairs.map((pair, n) => {
    const i = personIndex.get(pair.personId)!;
    const j = postIndex.get(pair.postId)!;
    return net.addEdge(1 + i, 1 + P + j, 1, -units[n]!);
  });
  const order = Array.from({ length: P + Q + 2 }, (_, v) => v);
  const { phases } = maxProfitFlow(net, s, t, order);
  const chosen: Assigned[] = [];
  pairs.forEach((pair, n) => {
    if (net.flowOf(pairEdges[n]!) > 0) chosen.push({ ...pair, rank: 0 });
  });
  return { chosen, phases };
}

/** Keeps each person's best `perPerson` pairs (all of them when perPerson is Infinity). */
function prune(pairs: AssignmentInput['pairs'], perPerson: number): AssignmentInput['pairs'] {
  if (!Number.isFinite(perPerson)) return pairs;
  const byPerson = new Map<string, AssignmentInput['pairs'][number][]>();
  for (const pair of pairs) {
    const list = byPerson.get(pair.personId) ?? [];
    list.push(pair);
    byPerson.set(pair.personId, list);
  }
  const kept: AssignmentInput['pairs'][number][] = [];
  for (const list of byPerson.values()) {
    list.sort((a, b) => b.score - a.score || (a.postId < b.postId ? -1 : 1));
    kept.push(...list.slice(0, perPerson));
  }
  return kept;
}

/** How many people can be covered at all: the same network with unit booths and no score. */
function maxCoverage(input: AssignmentInput, pairs: AssignmentInput['pairs'], k: number): number {
  const flat = pairs.map((p) => ({ ...p, score: 1 }));
  return new Set(solve(input, flat, 1, k).chosen.map((a) => a.personId)).size;
}

export function assignShortlists(input: AssignmentInput): AssignmentResult {
  const opts = { ...defaults, ...input.options };
  const people = new Set(input.people);
  const capacity = new Map(input.posts.map((p) => [p.id, opts.perHeadcount * p.headcount]));
  const feasible = input.pairs.filter(
    (p) => people.has(p.personId) && (capacity.get(p.postId) ?? 0) > 0 && p.score >= 0,
  );
  let pairs = prune(feasible, opts.candidatesPerPerson);
  let solved = solve(input, pairs, opts.boothsPerPerson, opts.perHeadcount);
  let pruned = pairs.length < feasible.length;
  const withOptions = new Set(feasible.map((p) => p.personId));
  const coveredBy = (s: Solved) => new Set(s.chosen.map((a) => a.personId));
  // Pruning may only cost score, never coverage: if someone with options is left out, compare with the
  // coverage possible over all pairs and, if pruning lost any, solve over all pairs.
  if (pruned && coveredBy(solved).size < withOptions.size) {
    const best = maxCoverage(input, feasible, opts.perHeadcount);
    if (coveredBy(solved).size < best) {
      pairs = feasible;
      solved = solve(input, pairs, opts.boothsPerPerson, opts.perHeadcount);
      pruned = false;
    }
  }
  const covered = coveredBy(solved);
  const byPost = new Map<string, Assigned[]>();
  for (const a of solved.chosen) {
    const list = byPost.get(a.postId) ?? [];
    list.push(a);
    byPost.set(a.postId, list);
  }
  const assignments: Assigned[] = [];
  for (const list of byPost.values()) {
    list.sort((a, b) => b.score - a.score || (a.personId < b.personId ? -1 : 1));
    list.forEach((a, r) => {
      assignments.push({ ...a, rank: r + 1 });
    });
  }
  const uncovered = input.people
    .filter((id) => !covered.has(id))
    .map((personId) => ({
      personId,
      reason: withOptions.has(personId) ? ('capacity' as const) : ('no_feasible_post' as const),
    }));
  return {
    assignments,
    uncovered,
    covered: covered.size,
    totalScore: assignments.reduce((sum, a) => sum + a.score, 0),
    stats: { pairsConsidered: pairs.length, pairsFeasible: feasible.length, pruned, phases: solved.phases },
  };
}
