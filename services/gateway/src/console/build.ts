import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '@qihang/shared/config/index';

export const consoleDir = join(repoRoot, 'services/console');
export const consoleDist = join(consoleDir, 'dist');
const stampFile = join(consoleDist, '.stamp');

/** What the build is made of: the console's sources and config, and the lockfile (dependency versions). */
function inputs(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
  return [
    ...walk(join(consoleDir, 'src')),
    ...(existsSync(join(consoleDir, 'public')) ? walk(join(consoleDir, 'public')) : []),
    ...['index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'].map((f) => join(consoleDir, f)),
    join(repoRoot, 'pnpm-lock.yaml'),
  ].filter((f) => existsSync(f));
}

export function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of inputs()) h.update(relative(repoRoot, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

export function buildIsCurrent(hash = sourceHash()): boolean {
  return (
    existsSync(join(consoleDist, 'index.html')) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === hash
  );
}

/**
 * Builds the console when its build is missing or older than its sources (`pnpm install` runs this, and so
 * does `pnpm start`); when nothing changed it only hashes the sources (tens of milliseconds).
 */
export async function ensureConsoleBuild(
  log: (msg: string) => void = console.log,
): Promise<'current' | 'built'> {
  const hash = sourceHash();
  if (buildIsCurrent(hash)) return 'current';
  const vite = join(consoleDir, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) throw new Error('the console cannot be built: run `pnpm install` first');
  log('building the web console (once, after an install or a change to its sources)…');
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: consoleDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the console build failed (exit ${code})`)),
    );
  });
  writeFileSync(stampFile, hash);
  log(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureConsoleBuild();
}
