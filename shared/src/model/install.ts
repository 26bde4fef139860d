import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { MODEL_FILES } from './files';

function isDirNotEmpty(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}

async function stageCopy(source: string, destination: string): Promise<string> {
  const parent = path.dirname(destination);
  await mkdir(parent, { recursive: true });
  // A sibling of the destination, so the final rename stays on one filesystem and is atomic.
  const staging = await mkdtemp(path.join(parent, `.${path.basename(destination)}.partial-`));
  try {
    for (const rel of Object.keys(MODEL_FILES)) {
      const target = path.join(staging, rel);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(path.join(source, rel), target);
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return staging;
}

/**
 * Copies the model files from `source` (already verified) to `destination` so that the destination
 * never holds a half-written file: everything is written to a sibling folder first and renamed.
 * If the destination folder already exists (holding good files, or files of another process that
 * won the race), only the files listed in `missing` are renamed into it, one by one.
 */
export async function installModelFiles(
  source: string,
  destination: string,
  missing: string[],
): Promise<void> {
  const staging = await stageCopy(source, destination);
  try {
    await rename(staging, destination);
  } catch (err) {
    if (!isDirNotEmpty(err)) throw err;
    for (const rel of missing) {
      const target = path.join(destination, rel);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(staging, rel), target);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
