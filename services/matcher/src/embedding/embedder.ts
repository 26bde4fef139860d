import { EMBEDDING_DIMS } from '@qihang/shared/db/schema/index';
import { ensureModel, MODEL_ID } from '@qihang/shared/model/ensure';
import { env, type FeatureExtractionPipeline, pipeline } from '@xenova/transformers';

/** Turns texts into unit-length vectors; one vector per text, in order. */
export interface Embedder {
  readonly model: string;
  readonly dims: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface EmbedderOptions {
  /** The folder that holds Xenova/bge-small-zh-v1.5 (Config.modelDir). */
  modelDir: string;
}

/**
 * bge-small-zh-v1.5 through transformers.js, from local files only.
 *
 * The int8 model quantizes activations dynamically, over the whole input tensor: in a batch, each text's
 * vector would depend on its neighbours (cosine to the unbatched vector as low as 0.990), and a vector cached
 * from one batch would disagree with a fresh one. So every text runs through the model on its own. Measured
 * over one session that costs nothing (1.02× the best padded batch on demo texts, `pnpm bench match`): a
 * batch pays for padding every text to the longest.
 */
export async function createEmbedder(options: EmbedderOptions): Promise<Embedder> {
  // Throws ModelUnavailableError naming the folder and how to obtain the files; never fetches at run time.
  await ensureModel(options.modelDir, { fetch: false });
  env.localModelPath = options.modelDir;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  const extractor = await pipeline('feature-extraction', MODEL_ID, { quantized: true });
  return embedderFromPipeline(extractor);
}

export function embedderFromPipeline(extractor: FeatureExtractionPipeline): Embedder {
  // One inference at a time: concurrent callers queue here instead of competing for the same cores.
  let queue: Promise<unknown> = Promise.resolve();
  const embedOne = async (text: string): Promise<Float32Array> => {
    const output = await extractor(text, { pooling: 'cls', normalize: true });
    const data = output.data as Float32Array;
    if (data.length !== EMBEDDING_DIMS) {
      throw new Error(`${MODEL_ID} returned ${data.length} dimensions, expected ${EMBEDDING_DIMS}`);
    }
    return data.slice();
  };
  const embedAll = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const unique = new Map<string, Float32Array>();
    for (const text of texts) {
      if (!unique.has(text)) unique.set(text, await embedOne(text));
    }
    return texts.map((t) => unique.get(t)!);
  };
  return {
    model: MODEL_ID,
    dims: EMBEDDING_DIMS,
    embed(texts) {
      const run = queue.then(() => embedAll(texts));
      queue = run.catch(() => {});
      return run;
    },
  };
}
