/**
 * `pnpm bench fair [--sizes 2000x500,10000x2000] [--seed N]`
 *
 * Fair shortlist generation: capacity-aware min-cost-flow assignment against naive top-k per post, on seeded
 * synthetic instances (headcount 1–20, skewed post appeal, k = 3, m = 3). Prints time, total score and people
 * left unmatched for both; ends with one JSON line.
 */
import { parseArgs } from 'node:util';
import { assignShortlists, naiveTopK } from '@qihang/matcher';
import { syntheticFair } from '@qihang/matcher/bench';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000x500,10000x2000' },
    seed: { type: 'string', default: '6' },
  },
});
const figures: Record<string, unknown>[] = [];
console.log('size           method   time(ms)   total score   matched   unmatched   pairs   phases');
for (const size of values.sizes.split(',')) {
  const [people, posts] = size.split('x').map(Number);
  const input = syntheticFair({ people: people ?? 0, posts: posts ?? 0, seed: Number(values.seed) });
  const withOptions = new Set(input.pairs.map((p) => p.personId)).size;
  for (const [method, run] of [
    ['naive', naiveTopK],
    ['flow', assignShortlists],
  ] as const) {
    const start = performance.now();
    const result = run(input);
    const ms = performance.now() - start;
    const unmatched = result.uncovered.length;
    console.log(
      `${size.padEnd(14)} ${method.padEnd(8)} ${ms.toFixed(0).padStart(8)} ${result.totalScore.toFixed(1).padStart(13)} ${String(result.covered).padStart(9)} ${String(unmatched).padStart(11)} ${String(result.stats.pairsConsidered).padStart(7)} ${String(result.stats.phases).padStart(8)}`,
    );
    figures.push({
      size,
      method,
      ms: Math.round(ms),
      totalScore: Number(result.totalScore.toFixed(3)),
      matched: result.covered,
      unmatched,
      withFeasiblePost: withOptions,
      pairs: result.stats.pairsConsidered,
      pruned: result.stats.pruned,
    });
  }
}
console.log(JSON.stringify({ bench: 'fair', results: figures }));
