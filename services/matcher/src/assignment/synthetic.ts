/**
 * Seeded synthetic fair instances for tests and `pnpm bench fair`: posts have headcount 1–20 and a
 * popularity (a few attractive posts are what everyone scores highest), each person fits a random subset
 * of posts, as the hard rules would leave it. Scores are multiples of 0.01 so the flow's integer costs are
 * exact.
 */
import type { AssignmentInput, ScoredPair } from './types';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  people: number;
  posts: number;
  seed: number;
  /** Feasible posts per person (average). */
  fitsPerPerson?: number;
  maxHeadcount?: number;
}

export function syntheticFair(options: SyntheticOptions): AssignmentInput {
  const random = rng(options.seed);
  const fits = options.fitsPerPerson ?? 40;
  const maxHead = options.maxHeadcount ?? 20;
  const posts = Array.from({ length: options.posts }, (_, j) => ({
    id: `post-${j}`,
    headcount: 1 + Math.floor(random() * maxHead),
    // Skewed appeal: a handful of posts are what everyone ranks first.
    appeal: random() ** 4,
  }));
  const people = Array.from({ length: options.people }, (_, i) => `person-${i}`);
  const pairs: ScoredPair[] = [];
  for (const personId of people) {
    const count = Math.max(1, Math.round(fits * (0.25 + 1.5 * random())));
    const seen = new Set<number>();
    for (let n = 0; n < count; n++) {
      const j = Math.floor(random() * options.posts);
      if (seen.has(j)) continue;
      seen.add(j);
      const score = 0.2 * random() + 0.75 * posts[j]!.appeal + 0.05;
      pairs.push({ personId, postId: posts[j]!.id, score: Math.round(score * 100) / 100 });
    }
  }
  return { people, posts: posts.map(({ id, headcount }) => ({ id, headcount })), pairs };
}
