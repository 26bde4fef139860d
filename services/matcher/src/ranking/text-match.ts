import { textWeights } from './weights';

/** Standard scores within one candidate list, so cosine and BM25 (different scales) can be added. */
export function standardize(xs: readonly number[]): number[] {
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const m = mean(xs);
  const sd = Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
  return xs.map((x) => (sd > 0 ? (x - m) / sd : 0));
}

/**
 * The text-only path: ranks one query's candidates by embedding cosine fused with keyword (BM25) overlap,
 * both standardized within the list. Used where only free text is known (a CV against JDs).
 */
export function fuseTextScores(cosines: readonly number[], keywordScores: readonly number[]): number[] {
  const s = standardize(cosines);
  const k = standardize(keywordScores);
  return s.map((x, i) => textWeights.semantic * x + textWeights.keywords * k[i]!);
}
