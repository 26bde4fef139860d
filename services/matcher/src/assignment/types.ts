/** One feasible person–post pair (every hard rule passed) and its match score in [0, 1]. */
export interface ScoredPair {
  personId: string;
  postId: string;
  score: number;
}

export interface AssignmentOptions {
  /** k: a post takes at most k × headcount candidates. */
  perHeadcount: number;
  /** m: a person is sent to at most m booths. */
  boothsPerPerson: number;
  /**
   * Only each person's best N pairs enter the network (speed). Coverage is re-checked against all pairs and
   * the full network is solved when pruning lost anyone (see assign.ts), so pruning can cost score, never
   * coverage. Infinity keeps every pair (exact score optimum).
   */
  candidatesPerPerson: number;
}

export const defaults: AssignmentOptions = { perHeadcount: 3, boothsPerPerson: 3, candidatesPerPerson: 10 };

export interface AssignmentInput {
  people: readonly string[];
  /** headcount = the post's open places (headcount − filled). */
  posts: readonly { id: string; headcount: number }[];
  pairs: readonly ScoredPair[];
  options?: Partial<AssignmentOptions>;
}

export interface Assigned extends ScoredPair {
  /** 1-based rank within the post's shortlist, best score first. */
  rank: number;
}

export interface Uncovered {
  personId: string;
  /** no_feasible_post: no fair post passes every hard rule; capacity: the posts they fit are full with people who have no alternative. */
  reason: 'no_feasible_post' | 'capacity';
}

export interface AssignmentResult {
  assignments: Assigned[];
  uncovered: Uncovered[];
  covered: number;
  totalScore: number;
  stats: { pairsConsidered: number; pairsFeasible: number; pruned: boolean; phases: number };
}

/** Scores become integer cost units (exact arithmetic in the flow); resolution 0.01 (finer differences are noise in match scores, and every distinct path cost costs one Dijkstra phase), and ≥ 1 so any feasible pair is worth taking. */
export const SCORE_SCALE = 100;
export const scoreUnits = (score: number) => Math.max(1, Math.round(score * SCORE_SCALE));
