/**
 * `pnpm bench match [--posts N] [--people N] [--pglite-scale F] [--databases postgres,pglite] [--queries N]
 *   [--real N] [--ef N]`
 *
 * Quality and speed of the matcher together: embedder throughput against the raw transformers.js pipeline
 * (same texts, same run); top-20 latency both ways over the demo data at 100k posts × 100k people on
 * PostgreSQL (PGlite at --pglite-scale of that, 0.2 by default); recall@20 of the HNSW search against an
 * exact scan; the golden set's violations. Ends with one JSON line.
 */
import { parseArgs } from 'node:util';
import { createEmbedder, createMatcher } from '@qihang/matcher';
import {
  DEFAULT_EF_SEARCH,
  EXACT_MAX,
  embeddingTexts,
  loadVectors,
  MAX_SCAN_TUPLES,
  MEMORY_MAX,
  MemoryIndex,
  measureThroughput,
  NOISE,
  ownerIds,
  percentiles,
  postSide,
  recallOfPeople,
  runGolden,
  type Side,
  settleTables,
  timeEach,
  vectorFor,
} from '@qihang/matcher/bench';
import { loadConfig } from '@qihang/shared/config/index';
import { DEFAULT_REFERENCE_DATE, loadDemoData } from '@qihang/shared/demo/index';
import { ensureModel } from '@qihang/shared/model/ensure';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '100000' },
    people: { type: 'string', default: '100000' },
    // PGlite is single-threaded WebAssembly: at 100k × 100k its HNSW builds alone take tens of minutes on two
    // shared cores, so by default it runs at a fifth of the size (say --pglite-scale 1 for the full size).
    'pglite-scale': { type: 'string', default: '0.2' },
    databases: { type: 'string', default: 'postgres,pglite' },
    queries: { type: 'string', default: '200' },
    real: { type: 'string', default: '2000' },
    ef: { type: 'string', default: String(DEFAULT_EF_SEARCH) },
  },
});
const opts = {
  posts: Number(values.posts),
  people: Number(values.people),
  kinds: values.databases.split(',').map((d) => (d.trim() === 'pglite' ? 'pglite' : 'postgres')),
  queries: Number(values.queries),
  real: Number(values.real),
  ef: Number(values.ef),
};
const config = loadConfig();
const log = (line: string) => console.log(line);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const spread = <T>(xs: readonly T[], n: number): T[] => {
  const k = Math.min(n, xs.length);
  return Array.from({ length: k }, (_, i) => xs[Math.floor((i * xs.length) / k)]!);
};

await ensureModel(config.modelDir, { log: (m) => console.error(m) });
const embedder = await createEmbedder({ modelDir: config.modelDir });
const figures: Record<string, unknown> = { efSearch: opts.ef };
const scaleFor = (kind: string) => (kind === 'pglite' ? Number(values['pglite-scale']) : 1);
const real: Partial<Record<Side, Float32Array[]>> = {};

for (const kind of opts.kinds) {
  const size = {
    posts: Math.round(opts.posts * scaleFor(kind)),
    people: Math.round(opts.people * scaleFor(kind)),
  };
  log(`\n== ${kind}: ${size.posts.toLocaleString()} posts × ${size.people.toLocaleString()} people ==`);
  const { database, cleanup } = await migratedTestDatabase(kind);
  try {
    let t = performance.now();
    await loadReferenceData(database.db, config);
    await loadDemoData(database.db, {
      seed: config.demo.seed,
      posts: size.posts,
      people: size.people,
      idHashKey: config.secrets.idHashKey,
    });
    await settleTables(database);
    log(`  demo data (seed ${config.demo.seed}) loaded in ${secs(t)}`);
    const ids: Record<Side, string[]> = {
      post: await ownerIds(database, 'post'),
      person: await ownerIds(database, 'person'),
    };
    if (!figures.throughput) {
      const texts = [
        ...(await embeddingTexts(database, 'post', ids.post.slice(0, 150))),
        ...(await embeddingTexts(database, 'person', ids.person.slice(0, 150))),
      ];
      const r = await measureThroughput(texts);
      log(
        `\n  embedding throughput, ${texts.length} demo texts (texts/s): embedder ${r.embedder.toFixed(1)} | raw pipeline batch 1 ${r.raw1.toFixed(1)}, batch 8 ${r.raw8.toFixed(1)}, batch 32 ${r.raw32.toFixed(1)}`,
      );
      log(
        `  embedder / best raw = ${r.ratioToBestRaw.toFixed(2)}× (target ≥ 0.9×); the embedder runs each text alone so a vector never depends on its batch\n`,
      );
      figures.throughput = r;
    }
    for (const side of ['post', 'person'] as const) {
      if (!real[side]) {
        t = performance.now();
        real[side] = await embedder.embed(
          await embeddingTexts(database, side, ids[side].slice(0, opts.real)),
        );
        log(`  embedded ${real[side].length} real ${side} texts with the model in ${secs(t)}`);
      }
      const l = await loadVectors(database, embedder, side, ids[side], real[side]);
      const copies = Math.max(0, ids[side].length - real[side].length);
      log(
        `  ${side} vectors: ${real[side].length} real + ${copies} synthetic (blends of two real vectors + Gaussian noise ${NOISE}/dim); insert ${(l.insertMs / 1000).toFixed(1)} s, HNSW build ${(l.indexMs / 1000).toFixed(1)} s`,
      );
    }
    const people = spread(ids.person, opts.queries);
    const posts = spread(ids.post, opts.queries);
    // The default (memory index, as the gateway runs it) and the database alone, same queries, same run.
    const latency: Record<string, unknown> = {};
    for (const memoryIndex of [true, false]) {
      const matcher = createMatcher({
        database,
        embedder,
        today: () => DEFAULT_REFERENCE_DATE,
        efSearch: opts.ef,
        memoryIndex,
      });
      const label = memoryIndex ? 'memory index (default)' : 'database only';
      if (memoryIndex) {
        t = performance.now();
        const heap = process.memoryUsage();
        await matcher.warm();
        const after = process.memoryUsage();
        const rows = matcher.memoryRows();
        const mb = (after.rss - heap.rss) / 2 ** 20;
        log(
          `  memory index loaded in ${secs(t)}: ${rows?.posts ?? 0} open posts + ${rows?.people ?? 0} consenting people, RSS +${mb.toFixed(0)} MB`,
        );
        latency.memoryIndex = { loadS: (performance.now() - t) / 1000, rssMb: Math.round(mb), rows };
      }
      await timeEach(people.slice(0, 20), (id) => matcher.postsForPerson(id, { limit: 20 }));
      await timeEach(posts.slice(0, 20), (id) => matcher.peopleForPost(id, { limit: 20 }));
      let results = 0;
      const count = async (p: Promise<{ items: unknown[] }>) => {
        results += (await p).items.length;
      };
      const forPerson = percentiles(
        await timeEach(people, (id) => count(matcher.postsForPerson(id, { limit: 20 }))),
      );
      const forPost = percentiles(
        await timeEach(posts, (id) => count(matcher.peopleForPost(id, { limit: 20 }))),
      );
      matcher.close();
      log(`  ${label}:`);
      log(
        `    top-20 posts for a person: p50 ${ms(forPerson.p50)}  p95 ${ms(forPerson.p95)}  p99 ${ms(forPerson.p99)}  (${forPerson.n} queries)`,
      );
      log(
        `    top-20 people for a post:  p50 ${ms(forPost.p50)}  p95 ${ms(forPost.p95)}  p99 ${ms(forPost.p99)}  (${forPost.n} queries; ${(results / (forPerson.n + forPost.n)).toFixed(1)} results a query on average)`,
      );
      if (memoryIndex) Object.assign(latency, { postsForPerson: forPerson, peopleForPost: forPost });
      else latency.databaseOnly = { postsForPerson: forPerson, peopleForPost: forPost };
    }

    t = performance.now();
    const n = kind === 'pglite' ? 30 : 100;
    const index = new Map(ids.person.map((id, j) => [id, j]));
    const sample = spread(people, n).map((id) => ({ id, vector: vectorFor(real.person!, index.get(id)!) }));
    const postIndex = new MemoryIndex(database, postSide, embedder.model, embedder.dims);
    await postIndex.warm();
    const recall = await recallOfPeople(
      database,
      embedder.model,
      sample,
      DEFAULT_REFERENCE_DATE,
      opts.ef,
      postIndex,
    );
    postIndex.close();
    log(
      `  recall@20 vs exact (${sample.length} person → post searches, ef_search ${opts.ef}, iterative scan relaxed_order, ≤ ${MAX_SCAN_TUPLES} tuples) (${secs(t)}):`,
    );
    log(
      `    HNSW index walk, no filters                          ${recall.unfiltered.toFixed(3)}  (target ≥ 0.95)`,
    );
    log(
      `    matcher retrieval under each person's filters (pool ${recall.pool}) ${recall.retrieval.toFixed(3)}  (exact ranking in memory ≤ ${MEMORY_MAX} eligible posts, else the walk)`,
    );
    log(
      `    index walk under the filters, ${String(recall.walkedQueries).padStart(3)} people with > ${recall.walkPast} eligible ${recall.walkFiltered.toFixed(3)}  (database only: the walk past ${EXACT_MAX})`,
    );
    figures[kind] = {
      ...size,
      ...latency,
      recall20: recall,
      recallQueries: sample.length,
    };
  } finally {
    await cleanup();
  }
}

const golden = await migratedTestDatabase('pglite');
try {
  const report = await runGolden(golden.database, embedder);
  log(
    `\ngolden set: NDCG@10 ${report.ndcg10.toFixed(3)}, constraint violations ${report.violations} (target 0)`,
  );
  figures.golden = { ndcg10: report.ndcg10, violations: report.violations };
} finally {
  await golden.cleanup();
}
console.log(JSON.stringify({ bench: 'match', ...figures }));
