/**
 * `pnpm bench demo [--people N] [--posts M] [--seed S]`: generates and loads the demo data set (100k people and
 * 100k posts by default) into PGlite in a temporary directory and into a fresh PostgreSQL database. Each
 * target runs in its own child process, so the peak RSS reported is that target's alone. Generation and
 * insertion are timed apart (loadDemoData measures both while it streams).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from '@qihang/shared/config/index';
import { openDatabase } from '@qihang/shared/db/client';
import { loadDemoData } from '@qihang/shared/demo/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { createTestDatabase, type TestDatabase } from '@qihang/shared/testing/databases';

const ID_HASH_KEY = 'qihang-bench-id-hash-key-not-a-secret';

interface TargetResult {
  prepareS: number;
  generateS: number;
  loadS: number;
  totalS: number;
  peakRssMb: number;
  people: number;
  posts: number;
}

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    posts: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '20221' },
    target: { type: 'string' },
    config: { type: 'string' },
  },
});
const people = Number(values.people);
const posts = Number(values.posts);
const seed = Number(values.seed);
for (const [flag, n] of [
  ['people', people],
  ['posts', posts],
  ['seed', seed],
] as const) {
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag} must be a whole number ≥ 0`);
    process.exit(2);
  }
}

const seconds = (ms: number): number => Math.round(ms) / 1000;

/** Child process: migrate, load reference data, then time the demo load in one transaction. */
async function runTarget(config: DatabaseConfig): Promise<TargetResult> {
  const started = performance.now();
  const database = await openDatabase(config);
  try {
    await database.migrate();
    await loadReferenceData(database.db, { occupationsFile: undefined });
    const prepared = performance.now();
    const summary = await database.db.transaction((tx) =>
      loadDemoData(tx, { seed, people, posts, idHashKey: ID_HASH_KEY }),
    );
    return {
      prepareS: seconds(prepared - started),
      generateS: seconds(summary.generateMs),
      loadS: seconds(summary.insertMs),
      totalS: seconds(performance.now() - prepared),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      people: summary.people,
      posts: summary.posts,
    };
  } finally {
    await database.close();
  }
}

function inChild(config: DatabaseConfig): Promise<TargetResult> {
  const args = ['--target', config.kind, '--config', JSON.stringify(config)];
  args.push('--people', String(people), '--posts', String(posts), '--seed', String(seed));
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: TargetResult | undefined;
    child.on('message', (message) => {
      result = message as TargetResult;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`${config.kind} run exited with code ${code}`)),
    );
  });
}

async function benchPglite(): Promise<TargetResult | string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qihang-bench-pglite-'));
  try {
    return await inChild({ kind: 'pglite', dataDir: dir });
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<TargetResult | string> {
  let target: TestDatabase;
  try {
    target = await createTestDatabase('postgres', 'qihang_bench');
  } catch (err) {
    return `skipped: PostgreSQL unreachable (${(err as Error).message})`;
  }
  try {
    return await inChild(target.config);
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  } finally {
    await target.drop();
  }
}

function printTable(rows: [string, TargetResult | string][]): void {
  console.log(`\ndemo data: ${people} people, ${posts} posts, seed ${seed}\n`);
  console.log('target    prepare s  generate s    load s   total s  peak RSS MB');
  for (const [name, r] of rows) {
    if (typeof r === 'string') {
      console.log(`${name.padEnd(8)}  ${r}`);
      continue;
    }
    const cells = [r.prepareS, r.generateS, r.loadS, r.totalS].map((n) => n.toFixed(2).padStart(9));
    console.log(`${name.padEnd(8)}  ${cells.join(' ')}  ${String(r.peakRssMb).padStart(11)}`);
  }
  console.log('\nprepare = migrate + reference data; total = generate + load (+ transaction overhead)\n');
}

async function main(): Promise<void> {
  if (values.target) {
    const result = await runTarget(JSON.parse(values.config ?? '{}') as DatabaseConfig);
    await new Promise<void>((resolve) => process.send?.(result, undefined, undefined, () => resolve()));
    process.disconnect?.();
    return;
  }
  const pglite = await benchPglite();
  const postgres = await benchPostgres();
  printTable([
    ['pglite', pglite],
    ['postgres', postgres],
  ]);
  const lite = typeof pglite === 'string' ? null : pglite;
  const pg = typeof postgres === 'string' ? null : postgres;
  console.log(
    JSON.stringify({
      bench: 'demo',
      people,
      posts,
      pglite_generate_s: lite?.generateS ?? null,
      pglite_load_s: lite?.loadS ?? null,
      pglite_peak_rss_mb: lite?.peakRssMb ?? null,
      postgres_generate_s: pg?.generateS ?? null,
      postgres_load_s: pg?.loadS ?? null,
      postgres_peak_rss_mb: pg?.peakRssMb ?? null,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
