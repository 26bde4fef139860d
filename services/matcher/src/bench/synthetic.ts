/**
 * Benchmark vectors: embedding 200k texts with the real model would take hours on two cores, so a few
 * thousand owners get their real vectors and the rest get deterministic blends of two of those plus noise
 * (`blend`). An earlier version gave every synthetic owner a small perturbation of one source (cosine ≈ 0.95):
 * 100k vectors in tight clusters of ~100, which an HNSW graph links mostly within each cluster, so a walk
 * reached only a couple of hundred rows and every filtered search fell back to exact ranking — slower and
 * less like real data, where texts spread continuously between topics.
 */

/** mulberry32, seeded per owner so every run builds the same vectors. */
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

/** Per-dimension noise; with 512 dimensions it puts the copy at cosine ≈ 0.95 from its source. */
export const NOISE = 0.014;

export function perturb(source: Float32Array, seed: number, noise = NOISE): Float32Array {
  const random = rng(seed);
  const out = new Float32Array(source.length);
  let norm = 0;
  for (let i = 0; i < source.length; i++) {
    // Box–Muller: Gaussian noise, so no direction is favoured.
    const g = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    out[i] = source[i]! + noise * g;
    norm += out[i]! ** 2;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/** Compact text form for pgvector (6 decimals is below the model's own int8 noise). */
export const vectorText = (v: Float32Array): string =>
  `[${Array.from(v, (x) => Math.round(x * 1e6) / 1e6).join(',')}]`;

/**
 * Synthetic owner `j` over `real.length` real vectors: mostly real vector j mod n, partly another (chosen by
 * j), with a little noise — spread along the paths between real texts, as a large set of real texts is.
 */
export function blend(real: readonly Float32Array[], j: number): Float32Array {
  const random = rng(j ^ 0x9e3779b9);
  const a = real[j % real.length]!;
  const b = real[Math.floor(random() * real.length)]!;
  const w = 0.55 + 0.4 * random();
  const mixed = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) mixed[i] = w * a[i]! + (1 - w) * b[i]!;
  return perturb(mixed, j);
}
