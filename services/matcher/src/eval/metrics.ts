/** Ranking metrics over one query: `ranked` ids best first, `gains` graded relevance (0 = not relevant). */

export function ndcgAt(ranked: readonly string[], gains: ReadonlyMap<string, number>, k: number): number {
  const dcg = ranked
    .slice(0, k)
    .reduce((sum, id, i) => sum + (2 ** (gains.get(id) ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = [...gains.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

const relevantSet = (gains: ReadonlyMap<string, number>) =>
  new Set([...gains].filter(([, g]) => g > 0).map(([id]) => id));

export function recallAt(ranked: readonly string[], gains: ReadonlyMap<string, number>, k: number): number {
  const relevant = relevantSet(gains);
  if (relevant.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

export function reciprocalRank(ranked: readonly string[], gains: ReadonlyMap<string, number>): number {
  const i = ranked.findIndex((id) => (gains.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export function averagePrecision(ranked: readonly string[], gains: ReadonlyMap<string, number>): number {
  const relevant = relevantSet(gains);
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((id, i) => {
    if (relevant.has(id)) sum += ++hits / (i + 1);
  });
  return sum / relevant.size;
}

export const mean = (xs: readonly number[]): number =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;

export interface QueryMetrics {
  ndcg10: number;
  map: number;
  recall5: number;
  recall10: number;
  mrr: number;
}

export function queryMetrics(ranked: readonly string[], gains: ReadonlyMap<string, number>): QueryMetrics {
  return {
    ndcg10: ndcgAt(ranked, gains, 10),
    map: averagePrecision(ranked, gains),
    recall5: recallAt(ranked, gains, 5),
    recall10: recallAt(ranked, gains, 10),
    mrr: reciprocalRank(ranked, gains),
  };
}

/** A seeded PRNG (mulberry32) so bootstrap intervals are reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 95% percentile bootstrap intervals over queries. Resamples are shared across the series given, so the
 * intervals of a difference (paired) come from the same resampled query sets.
 */
export function bootstrap(
  series: Record<string, readonly number[]>,
  resamples = 2000,
  seed = 20221,
): Record<string, { mean: number; lo: number; hi: number }> {
  const names = Object.keys(series);
  const n = series[names[0]!]?.length ?? 0;
  const draws: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  const random = rng(seed);
  for (let r = 0; r < resamples; r++) {
    const idx = Array.from({ length: n }, () => Math.floor(random() * n));
    for (const name of names) draws[name]!.push(mean(idx.map((i) => series[name]![i]!)));
  }
  const out: Record<string, { mean: number; lo: number; hi: number }> = {};
  for (const name of names) {
    const sorted = draws[name]!.sort((a, b) => a - b);
    out[name] = {
      mean: mean(series[name]!),
      lo: sorted[Math.floor(0.025 * (resamples - 1))] ?? 0,
      hi: sorted[Math.ceil(0.975 * (resamples - 1))] ?? 0,
    };
  }
  return out;
}
