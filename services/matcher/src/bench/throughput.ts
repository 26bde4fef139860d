import { MODEL_ID } from '@qihang/shared/model/ensure';
import { pipeline } from '@xenova/transformers';
import { embedderFromPipeline } from '../embedding/embedder';

export interface Throughput {
  /** texts/s */
  embedder: number;
  raw1: number;
  raw8: number;
  raw32: number;
  ratioToBestRaw: number;
}

/**
 * Texts per second of the embedder and of the raw transformers.js pipeline (batches of 1, 8 and 32) on the same
 * texts in the same process, over one ONNX session. Call after createEmbedder (it points transformers.js at the
 * model folder).
 */
export async function measureThroughput(texts: readonly string[]): Promise<Throughput> {
  const raw = await pipeline('feature-extraction', MODEL_ID, { quantized: true });
  // The embedder's code over the very same ONNX session: two sessions side by side would each keep a thread
  // pool spinning on the same two cores and skew whichever runs second.
  const embedder = embedderFromPipeline(raw);
  const rate = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return texts.length / ((performance.now() - started) / 1000);
  };
  const rawBatched = (size: number) => async () => {
    for (let i = 0; i < texts.length; i += size) {
      await raw(texts.slice(i, i + size), { pooling: 'cls', normalize: true });
    }
  };
  // Warm both sessions up before timing.
  await embedder.embed(texts.slice(0, 16));
  await rawBatched(8)();
  // Two interleaved rounds, best of each: the machine is shared, and a burst of someone else's work should not
  // decide the comparison.
  const best = { embedder: 0, raw1: 0, raw8: 0, raw32: 0 };
  for (let round = 0; round < 2; round++) {
    best.embedder = Math.max(best.embedder, await rate(() => embedder.embed(texts)));
    best.raw1 = Math.max(best.raw1, await rate(rawBatched(1)));
    best.raw8 = Math.max(best.raw8, await rate(rawBatched(8)));
    best.raw32 = Math.max(best.raw32, await rate(rawBatched(32)));
  }
  return { ...best, ratioToBestRaw: best.embedder / Math.max(best.raw1, best.raw8, best.raw32) };
}
