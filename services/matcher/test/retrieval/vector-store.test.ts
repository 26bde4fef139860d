import { describe, expect, it } from 'vitest';
import { VectorStore } from '../../src/retrieval/vector-store';

const random = (n: number, seed: number) => {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  });
};
const cosine = (a: Float32Array, b: Float32Array) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
};
const unit = (v: Float32Array) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
};

describe('vector store', () => {
  it('uses WebAssembly SIMD on this Node for bge-small’s 512 dimensions', () => {
    expect(new VectorStore(512).usesSimd).toBe(true);
    expect(new VectorStore(510).usesSimd).toBe(false);
  });

  for (const [dims, simd] of [
    [512, true],
    [512, false],
    [13, true],
  ] as const) {
    it(`gives the cosine similarity (${dims} dimensions, ${simd ? 'SIMD where it can' : 'JavaScript'}), across growth`, () => {
      const store = new VectorStore(dims, { simd });
      const vectors = Array.from({ length: 50 }, (_, i) => random(dims, i + 1));
      vectors.forEach((v, i) => {
        store.reserve(i + 1); // grows one slot at a time: earlier slots must survive every move
        store.slot(i).set(unit(v));
      });
      store.reserve(5000);
      const query = random(dims, 999);
      store.setQuery(query);
      for (const [i, v] of vectors.entries()) expect(store.similarity(i)).toBeCloseTo(cosine(query, v), 5);
    });
  }
});
