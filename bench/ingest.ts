/**
 * `pnpm bench ingest [--rows 100000] [--db pglite,postgres] [--kind posts,people]`: rows/s and peak RSS of
 * ingesting a demo XLSX (parse + validate + normalize + persist, outbox included; embedding excluded).
 * Each case runs in its own process on a fresh database, so its peak RSS is its own. A PGlite database is
 * created and migrated by a process of its own first: creating one (initdb) peaks near 840 MB once, at the
 * embedded default's first start, and would otherwise hide what ingest itself uses.
 * Targets: >= 5,000 rows/s on PostgreSQL; peak RSS < 500 MB for 100k rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ingestFile } from '@qihang/ingest';
import { openDatabase } from '@qihang/shared/db/client';
import { writeDemoLists } from '@qihang/shared/demo/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { createTestDatabase } from '@qihang/shared/testing/databases';

const BENCH_KEY = 'bench-only-id-hash-key-0123456789abcdef';
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'pglite,postgres' },
    kind: { type: 'string', default: 'posts,people' },
    case: { type: 'string' },
    file: { type: 'string' },
    prepare: { type: 'string' },
    dir: { type: 'string' },
  },
});

/** Creates and migrates a PGlite database with the reference data (in its own process: see above). */
async function preparePglite(dataDir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await database.migrate();
  await loadReferenceData(database.db, { occupationsFile: undefined });
  await database.close();
}

async function runCase(
  kind: 'posts' | 'people',
  db: 'pglite' | 'postgres',
  file: string,
  pgliteDir?: string,
) {
  // PGlite on disk, as the embedded default runs (in memory it would hold the whole database in RAM).
  const target =
    db === 'pglite'
      ? {
          open: () => openDatabase({ kind: 'pglite', dataDir: pgliteDir! }),
          drop: async () => rmSync(pgliteDir!, { recursive: true, force: true }),
        }
      : await createTestDatabase(db, 'qihang_bench');
  const database = await target.open();
  try {
    if (db === 'postgres') {
      await database.migrate();
      await loadReferenceData(database.db, { occupationsFile: undefined });
    }
    const started = performance.now();
    const report = await ingestFile(
      { database, idHashKey: BENCH_KEY },
      { kind, source: 'bench', filename: path.basename(file), path: file },
    );
    const seconds = (performance.now() - started) / 1000;
    const rows = report.accepted + report.updated + report.unchanged + report.rejected;
    const result = {
      kind,
      db,
      rows,
      accepted: report.accepted,
      rejected: report.rejected,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await database.close();
    await target.drop();
  }
}

if (values.prepare) {
  await preparePglite(values.prepare);
  process.exit(0);
}
if (values.case) {
  const [kind, db] = values.case.split(':') as ['posts' | 'people', 'pglite' | 'postgres'];
  await runCase(kind, db, values.file!, values.dir);
  process.exit(0);
}

const rows = Number(values.rows);
const dir = path.join(tmpdir(), `qihang-bench-${rows}`);
mkdirSync(dir, { recursive: true });
const files = { people: path.join(dir, '求职需求清单.xlsx'), posts: path.join(dir, '岗位供给清单.xlsx') };
if (!existsSync(files.people) || !existsSync(files.posts)) {
  console.log(`writing ${rows} people and ${rows} posts to ${dir} …`);
  await writeDemoLists({ seed: 20221, people: rows, posts: rows, idHashKey: BENCH_KEY } as never, {
    dir,
    format: 'xlsx',
  });
}
const self = fileURLToPath(import.meta.url);
const results: Record<string, unknown>[] = [];
for (const db of values.db.split(',')) {
  for (const kind of values.kind.split(',')) {
    const pgliteDir = db === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'qihang-bench-pglite-')) : undefined;
    if (pgliteDir) {
      const prepared = spawnSync(process.execPath, ['--import', 'tsx', self, '--prepare', pgliteDir], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      if (prepared.status !== 0)
        throw new Error(`preparing the PGlite database failed (exit ${prepared.status})`);
    }
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        self,
        '--case',
        `${kind}:${db}`,
        '--file',
        files[kind as 'posts'],
        ...(pgliteDir ? ['--dir', pgliteDir] : []),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    try {
      results.push(JSON.parse(line));
    } catch {
      results.push({ kind, db, error: `exit ${child.status}` });
    }
  }
}
console.log('\nkind    db        rows     rows/s   peak RSS (MB)  accepted  rejected');
for (const r of results)
  console.log(
    `${String(r.kind).padEnd(8)}${String(r.db).padEnd(10)}${String(r.rows ?? '-').padEnd(9)}${String(r.rowsPerSecond ?? r.error).padEnd(9)}${String(r.peakRssMb ?? '-').padEnd(15)}${String(r.accepted ?? '-').padEnd(10)}${r.rejected ?? '-'}`,
  );
console.log(JSON.stringify({ bench: 'ingest', rows, results }));
