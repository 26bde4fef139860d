import { describe, expect, it } from 'vitest';
import { assignShortlists, naiveTopK } from '../../src/assignment/index';
import { rng, syntheticFair } from '../../src/assignment/synthetic';
import { type AssignmentInput, type AssignmentResult, scoreUnits } from '../../src/assignment/types';

/** Every subset of pairs that respects the caps; best = most people covered, then most score units. */
function bruteForce(input: AssignmentInput, k: number, m: number) {
  const pairs = input.pairs;
  let best = { covered: -1, units: -1 };
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const perPerson = new Map<string, number>();
    const perPost = new Map<string, number>();
    let units = 0;
    pairs.forEach((p, n) => {
      if (!(mask & (1 << n))) return;
      perPerson.set(p.personId, (perPerson.get(p.personId) ?? 0) + 1);
      perPost.set(p.postId, (perPost.get(p.postId) ?? 0) + 1);
      units += scoreUnits(p.score);
    });
    if ([...perPerson.values()].some((c) => c > m)) continue;
    if (input.posts.some((post) => (perPost.get(post.id) ?? 0) > k * post.headcount)) continue;
    const covered = perPerson.size;
    if (covered > best.covered || (covered === best.covered && units > best.units)) best = { covered, units };
  }
  return best;
}

const unitsOf = (r: AssignmentResult) => r.assignments.reduce((s, a) => s + scoreUnits(a.score), 0);

function tiny(seed: number): AssignmentInput {
  const random = rng(seed);
  const people = ['a', 'b', 'c', 'd', 'e'].slice(0, 3 + Math.floor(random() * 3));
  const posts = ['p', 'q', 'r'].map((id) => ({ id, headcount: 1 }));
  const pairs = [];
  for (const personId of people) {
    for (const post of posts) {
      if (random() < 0.45 && pairs.length < 13) {
        pairs.push({ personId, postId: post.id, score: Math.round(random() * 100) / 100 });
      }
    }
  }
  return { people, posts, pairs };
}

function checkCaps(input: AssignmentInput, result: AssignmentResult, k: number, m: number) {
  const perPerson = new Map<string, number>();
  const perPost = new Map<string, number>();
  const feasible = new Set(input.pairs.map((p) => `${p.personId}/${p.postId}`));
  for (const a of result.assignments) {
    expect(feasible.has(`${a.personId}/${a.postId}`)).toBe(true);
    perPerson.set(a.personId, (perPerson.get(a.personId) ?? 0) + 1);
    perPost.set(a.postId, (perPost.get(a.postId) ?? 0) + 1);
  }
  for (const c of perPerson.values()) expect(c).toBeLessThanOrEqual(m);
  for (const post of input.posts) expect(perPost.get(post.id) ?? 0).toBeLessThanOrEqual(k * post.headcount);
}

describe('assignShortlists', () => {
  it('finds the exact lexicographic optimum (coverage, then score) on small random fairs', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const input = tiny(seed);
      const k = 1 + (seed % 2);
      const m = 1 + (seed % 3);
      const options = { perHeadcount: k, boothsPerPerson: m, candidatesPerPerson: Infinity };
      const result = assignShortlists({ ...input, options });
      const best = bruteForce(input, k, m);
      checkCaps(input, result, k, m);
      expect({ covered: result.covered, units: unitsOf(result) }, `seed ${seed}`).toEqual(best);
    }
  });

  it('covers more people than naive top-k per post when one post is everyone’s favourite', () => {
    // Post "star" (1 place, k = 3) is everyone's best; each person also fits one quiet post of their own,
    // which only they fit but which scores low. Naive fills star with the top 3 and everybody else's quiet
    // post with its only candidate — fine — so add people who fit only star and the crowded "busy" post.
    const people = ['a', 'b', 'c', 'd', 'e', 'f'];
    const posts = [
      { id: 'star', headcount: 1 },
      { id: 'busy', headcount: 1 },
    ];
    const pairs = [
      // a, b, c score highest everywhere and would crowd both lists.
      ...['a', 'b', 'c'].flatMap((personId) => [
        { personId, postId: 'star', score: 0.9 },
        { personId, postId: 'busy', score: 0.8 },
      ]),
      { personId: 'd', postId: 'busy', score: 0.5 },
      { personId: 'e', postId: 'busy', score: 0.4 },
      { personId: 'f', postId: 'star', score: 0.3 },
    ];
    const input = { people, posts, pairs };
    const naive = naiveTopK(input);
    const flow = assignShortlists(input);
    expect(naive.uncovered.map((u) => u.personId).sort()).toEqual(['d', 'e', 'f']);
    expect(flow.covered).toBe(6);
    expect(flow.uncovered).toEqual([]);
    checkCaps(input, flow, 3, 3);
    // a, b, c keep one booth each; the caps (3 per post) leave room for d, e, f.
    expect(flow.assignments.filter((a) => a.postId === 'star').map((a) => a.rank)).toEqual([1, 2, 3]);
  });

  it('says who is left out and why', () => {
    const input = {
      people: ['a', 'b', 'c', 'x'],
      posts: [{ id: 'p', headcount: 1 }],
      pairs: ['a', 'b', 'c'].map((personId) => ({ personId, postId: 'p', score: 0.5 })),
      options: { perHeadcount: 2 },
    };
    const result = assignShortlists(input);
    expect(result.covered).toBe(2);
    expect(result.uncovered).toContainEqual({ personId: 'x', reason: 'no_feasible_post' });
    expect(result.uncovered.filter((u) => u.reason === 'capacity')).toHaveLength(1);
  });

  it('never matches fewer people than naive, and pruning never costs coverage', () => {
    for (const seed of [3, 4]) {
      const input = syntheticFair({ people: 300, posts: 60, seed, fitsPerPerson: 6, maxHeadcount: 3 });
      const naive = naiveTopK(input);
      const pruned = assignShortlists({ ...input, options: { candidatesPerPerson: 2 } });
      const full = assignShortlists({ ...input, options: { candidatesPerPerson: Infinity } });
      checkCaps(input, pruned, 3, 3);
      expect(pruned.covered).toBeGreaterThanOrEqual(naive.covered);
      expect(pruned.covered).toBe(full.covered);
      expect(unitsOf(full)).toBeGreaterThanOrEqual(unitsOf(pruned));
    }
  });
});
