import { describe, expect, it } from 'vitest';
import { averagePrecision, bootstrap, ndcgAt, recallAt, reciprocalRank } from '../../src/eval/metrics';
import { bm25Index, tokenize } from '../../src/ranking/keywords';
import { fuseTextScores } from '../../src/ranking/text-match';

const gains = new Map([
  ['a', 1],
  ['b', 0],
  ['c', 1],
]);

describe('ranking metrics', () => {
  it('score a perfect ranking 1 and a worse one lower', () => {
    expect(ndcgAt(['a', 'c', 'b'], gains, 10)).toBeCloseTo(1);
    expect(ndcgAt(['b', 'a', 'c'], gains, 10)).toBeLessThan(1);
    expect(averagePrecision(['b', 'a', 'c'], gains)).toBeCloseTo((1 / 2 + 2 / 3) / 2);
    expect(reciprocalRank(['b', 'a', 'c'], gains)).toBeCloseTo(1 / 2);
    expect(recallAt(['b', 'a', 'c'], gains, 2)).toBeCloseTo(1 / 2);
  });

  it('give bootstrap intervals that contain the mean and are reproducible', () => {
    const xs = [0.2, 0.4, 0.9, 0.5, 0.7, 0.1, 0.8];
    const a = bootstrap({ x: xs });
    expect(a.x!.lo).toBeLessThanOrEqual(a.x!.mean);
    expect(a.x!.hi).toBeGreaterThanOrEqual(a.x!.mean);
    expect(bootstrap({ x: xs })).toEqual(a);
  });
});

describe('text path', () => {
  it('tokenizes Chinese into words without function words', () => {
    const tokens = tokenize('负责新媒体运营和数据分析的工作');
    expect(tokens).toContain('数据分析');
    expect(tokens).not.toContain('的');
  });

  it('BM25 prefers the document sharing rare query words', () => {
    const docs = [tokenize('新媒体运营 公众号 文案'), tokenize('财务 会计 报表'), tokenize('运营 数据')];
    const index = bm25Index(docs);
    const q = tokenize('公众号文案运营');
    expect(index.score(q, 0)).toBeGreaterThan(index.score(q, 2));
    expect(index.score(q, 1)).toBe(0);
  });

  it('fusion lets strong keyword evidence overturn a small cosine lead, not a large one', () => {
    const close = fuseTextScores([0.6, 0.59, 0.4, 0.41, 0.42], [0, 10, 0, 0, 0]);
    expect(close[1]!).toBeGreaterThan(close[0]!);
    const fused = fuseTextScores([0.9, 0.5, 0.5, 0.5], [0, 10, 0, 0]);
    expect(fused[0]!).toBeGreaterThan(fused[1]!);
  });
});
