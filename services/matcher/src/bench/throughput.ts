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
  // Interleaved rounds, best of each, each round in a different order: the machine is shared, a burst of
  // someone else's work should not decide the comparison, and neither should going first (on one machine the
  // first of a round ran ~15 % slower whichever it was).
  const runs = {
    embedder: () => embedder.embed(texts),
    raw1: rawBatched(1),
    raw8: rawBatched(8),
    raw32: rawBatched(32),
  };
  const names = Object.keys(runs) as (keyof typeof runs)[];
  const best = { embedder: 0, raw1: 0, raw8: 0, raw32: 0 };
  for (let round = 0; round < names.length; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      best[name] = Math.max(best[name], await rate(runs[name]));
    }
  }
  return { ...best, ratioToBestRaw: best.embedder / Math.max(best.raw1, best.raw8, best.raw32) };
}
