/**
 * Every weight of the matcher, in one place. The structured score is a weighted mean of components in [0, 1];
 * the weights sum to 1, so a score reads as "how good a match, 0–1".
 */
export const weights = {
  /** Cosine of the two embedding texts (rescaled, see semanticFloor). */
  semantic: 0.35,
  /** Same occupation code > same minor class > same middle class. */
  occupation: 0.25,
  /** Share of the post's required and typical skills/certificates the person holds. */
  items: 0.15,
  /** Inside a region the person named, or near home. */
  location: 0.1,
  /** Pay against the person's expectation. */
  pay: 0.1,
  /** Accommodation for people who would have to move. */
  accommodation: 0.05,
} as const;

export type Component = keyof typeof weights;

/** Occupation closeness by level of the 2022 classification. */
export const occupationCredit = { code: 1, minor: 0.6, middle: 0.3 } as const;

/**
 * bge cosine between unrelated Chinese texts rarely drops below ~0.3, so the semantic component maps
 * [semanticFloor, 1] onto [0, 1]; otherwise every pair would get a large free share of the score.
 */
export const semanticFloor = 0.3;

/** Neutral value of a component that cannot be judged (no expectation stated, 面议, local post). */
export const neutral = 0.5;

/**
 * The text-only path (CV text against JD text, no structured fields): embedding cosine and keyword overlap,
 * fused by rank within the candidate list (see eval/text-path.ts and the README for how this was chosen).
 */
export const textWeights = { semantic: 0.7, keywords: 0.3 } as const;
