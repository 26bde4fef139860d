/**
 * Benchmark vectors: embedding 200k texts with the real model would take hours on two cores, so a few
 * thousand owners get their real vectors and the rest get small deterministic perturbations of those
 * (cosine ≈ 0.95 to their source): the same neighbourhood structure, at full scale.
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
