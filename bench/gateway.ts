/**
 * `pnpm bench gateway [--posts N] [--people N] [--real N] [--seconds S] [--connections C1,C2] [--rounds R]`
 *
 * Throughput and p99 of GET /v1/people/:id/recommendations (warm) through the whole gateway — key check,
 * scope check and audit row on every request, the matcher behind it — over the demo data with 100k posts on
 * PostgreSQL, next to a bare fastify route in the same run, and a bare route sending a recommendation page's
 * bytes, plain and gzipped (what the size of the response alone costs), and bare fastify answering the
 * endpoint's own paths and request headers with the gzipped page (what the load generator costs for these
 * requests, apart from the gateway's work), and the same with a durable audit row written for each request
 * and nothing else (what the audit guarantee alone allows: no durable gateway can serve more). Requests
 * accept gzip, as real clients
 * do; the uncompressed page is measured too. Audit modes: `durable` (the default: a request waits for
 * its audit row's commit, rows of concurrent requests share an INSERT) and `buffered`. The load generator
 * (autocannon) runs in a child process; each row also shows the serving process's CPU a request, its busy
 * share of one core (below ~90 % it was waiting, not working), the load generator's CPU a request and, for
 * the audited rows, the requests an audit write carried (each request writes one row; buffered rows
 * flushed after a run count in the next). The compared runs (bare, bare + audit row, the gateway in both
 * modes) go in `--rounds` rounds and each ratio is the middle of its rounds' ratios, so a drift in the
 * machine's speed between runs does not decide it. The runs start on a checkpointed database, after one
 * discarded run of every server. After the per-concurrency tables, the best req/s of each over the
 * concurrencies (its capacity here) side by side, and where the durable gateway misses the target, whether
 * the audit row alone already does. Post vectors: `--real` texts run through
 * bge-small-zh, the rest synthetic blends of them (as `pnpm bench match`). Ends with one JSON line.
 */
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildApp, matcherPort } from '@qihang/gateway';
import {
  AuditBuffer,
  type AuditMode,
  peopleOfBusiestCity,
  runLoad,
  startBareServer,
  usersRepo,
} from '@qihang/gateway/bench';
import { createEmbedder, createMatcher } from '@qihang/matcher';
import { checkpointTables, embeddingTexts, loadVectors, ownerIds, settleTables } from '@qihang/matcher/bench';
import { loadConfig } from '@qihang/shared/config/index';
import { DEFAULT_REFERENCE_DATE, loadDemoData } from '@qihang/shared/demo/index';
import { createLogger } from '@qihang/shared/log/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '100000' },
    people: { type: 'string', default: '5000' },
    real: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10,50,100' },
    queries: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
  },
});
const opts = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])) as Record<
  keyof typeof values,
  number
>;
const connectionCounts = values.connections.split(',').map((c) => Number(c.trim()));
const config = loadConfig();
const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

const { database, cleanup } = await migratedTestDatabase('postgres');
const closers: (() => Promise<unknown>)[] = [cleanup];
try {
  let t = performance.now();
  await loadReferenceData(database.db, config);
  await loadDemoData(database.db, {
    seed: config.demo.seed,
    posts: opts.posts,
    people: opts.people,
    idHashKey: config.secrets.idHashKey,
  });
  await settleTables(database);
  console.log(
    `demo data: ${opts.posts.toLocaleString()} posts, ${opts.people.toLocaleString()} people (${secs(t)})`,
  );

  t = performance.now();
  const embedder = await createEmbedder({ modelDir: config.modelDir });
  const postIds = await ownerIds(database, 'post');
  const real = await embedder.embed(await embeddingTexts(database, 'post', postIds.slice(0, opts.real)));
  await loadVectors(database, embedder, 'post', postIds, real);
  console.log(
    `post vectors: ${real.length} real + ${postIds.length - real.length} synthetic blends, HNSW built (${secs(t)})`,
  );
  // The load and the index build leave the database writing out dirty pages for minutes; the runs measure
  // a database at rest, as a gateway meets it in service.
  await checkpointTables(database);

  // The bureau of the city most people come from, and people of that city to ask for.
  const { city, ids: people } = await peopleOfBusiestCity(database, opts.queries);
  const bureau = usersRepo(database.db);
  const user = await bureau.create({ name: 'bench bureau', role: 'bureau', regionCode: city });
  const key = (await bureau.issueKey(user.id, { expiresInDays: 1 })).key;

  // As the gateway runs it (MATCHER_MEMORY_INDEX, on by default), loaded before the first request.
  const matcher = createMatcher({
    database,
    embedder,
    today: () => DEFAULT_REFERENCE_DATE,
    memoryIndex: config.matcher.memoryIndex,
  });
  await matcher.warm();
  closers.unshift(async () => matcher.close());
  const port = matcherPort(matcher);
  // The gateways' statements through `preparedRows` are their audit writes (keys and scopes are cached once
  // warm): counted, they tell how many rows a write carried.
  let preparedCalls = 0;
  const counted: typeof database = {
    ...database,
    preparedRows: (query) => {
      preparedCalls += 1;
      return database.preparedRows(query);
    },
  };
  const apps: Record<AuditMode, string> = { durable: '', buffered: '' };
  for (const mode of Object.keys(apps) as AuditMode[]) {
    const app = await buildApp({
      config,
      database: counted,
      matcher: port,
      changes: matcher.watchChanges(),
      rateLimit: false,
      audit: mode,
    });
    apps[mode] = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.unshift(() => app.close());
  }
  const base = apps.durable;

  const paths = people.map((id) => `/v1/people/${id}/recommendations?limit=20`);
  t = performance.now();
  let results = 0;
  for (const path of paths) {
    const res = await fetch(`${base}${path}`, { headers: { 'x-api-key': key } });
    if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
    results += ((await res.json()) as { items: unknown[] }).items.length;
  }
  console.log(
    `warm-up: ${paths.length} people of ${city}, ${(results / paths.length).toFixed(1)} posts each, cold ${((performance.now() - t) / paths.length).toFixed(1)} ms a request`,
  );

  // Clients that accept gzip (curl --compressed, browsers, every HTTP library) get the cached page compressed;
  // the uncompressed page is measured too.
  const plainHeaders = { 'x-api-key': key };
  const headers = { ...plainHeaders, 'accept-encoding': 'gzip' };
  /** Asks for every person's page once (fills the app's page cache). */
  const warm = async (url: string, h: Record<string, string>) => {
    for (const path of paths) await (await fetch(`${url}${path}`, { headers: h })).arrayBuffer();
  };

  // The cold pass embedded each person's text on demand (the bench writes only post vectors): the gateways'
  // change watch drops those people's pages at its next read (a second), as it would for any change. They
  // are ranked once more, then served from the cache.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await warm(base, plainHeaders);
  t = performance.now();
  await warm(base, plainHeaders);
  console.log(`warm, one at a time: ${((performance.now() - t) / paths.length).toFixed(1)} ms a request`);

  const page = Buffer.from(
    await (await fetch(`${base}${paths[0]}`, { headers: { 'x-api-key': key } })).arrayBuffer(),
  );
  const bare = await startBareServer(page);
  closers.unshift(bare.close);
  // The same bare route waiting for a durable audit row of the person asked about, written as the gateway
  // writes it (one writer, rows of concurrent requests in one INSERT): what the audit guarantee costs with
  // nothing else of the gateway's — the most any durable gateway could serve here.
  const floorAudit = new AuditBuffer(counted, createLogger({ logLevel: 'silent' }) as never, {
    durable: true,
  });
  const bareAudited = await startBareServer(page, (personId) =>
    floorAudit.push([
      {
        actorUserId: user.id,
        actorRole: 'bureau',
        action: 'recommend',
        route: 'GET /v1/people/:id/recommendations',
        subjectType: 'person',
        subjectId: personId,
        purpose: 'recommendation',
        requestId: crypto.randomUUID(),
      },
    ]),
  );
  closers.unshift(async () => {
    await bareAudited.close();
    await floorAudit.flush();
  });

  const zippedBytes = gzipSync(page, { level: 6 }).length;
  /**
   * One run, with what the serving process (this one: the gateways and the bare servers live here, the load
   * generator in a child) spent: CPU a request, the share of one core it was busy, and for the gateways the
   * requests each audit write carried (one row a request).
   */
  const measure = async (
    url: string,
    runPaths: readonly string[],
    load: Parameters<typeof runLoad>[2],
    audited = false,
  ) => {
    const cpu = process.cpuUsage();
    const calls = preparedCalls;
    const started = performance.now();
    const r = await runLoad(url, runPaths, load);
    const used = process.cpuUsage(cpu);
    const micros = used.user + used.system;
    const writes = preparedCalls - calls;
    return {
      ...r,
      server_cpu_us: micros / Math.max(1, r.requests),
      server_busy_pct: (100 * micros) / ((performance.now() - started) * 1000),
      requests_per_write: audited && writes > 0 ? r.requests / writes : null,
    };
  };
  type Run = Awaited<ReturnType<typeof measure>>;
  const num = (x: number | null, digits: number, width: number) =>
    (x === null ? '' : x.toFixed(digits)).padStart(width);
  const row = (name: string, r: Run) =>
    `${name.padEnd(54)} ${num(r.rps, 0, 8)} ${num(r.p50, 1, 7)} ${num(r.p99, 1, 7)} ${String(r.non2xx + r.errors).padStart(6)} ${num(r.server_cpu_us, 0, 9)} ${num(r.server_busy_pct, 0, 6)} ${num(r.client_cpu_us, 0, 9)} ${num(r.requests_per_write, 1, 9)}`;
  // The same runs at each concurrency. A durable audit row costs a commit round trip, and a connection
  // waits for it: at few connections the gateway idles between commits (its busy share tells), and req/s
  // measures that latency; at many, the rows of concurrent requests share a write and req/s measures
  // what the process can serve.
  const byConnections: Record<
    string,
    {
      bare: Run;
      floor: Run;
      recommendations: Record<AuditMode, Run>;
      ratios: Record<'floor' | AuditMode, number>;
    }
  > = {};
  const figures: Record<string, unknown> = {};
  // A process's first seconds under load run code not yet optimized: every server is loaded once, its
  // figures dropped, before any run counts (the first bare run of a process read ~40 % slow without it).
  const first = { seconds: 3, connections: connectionCounts[0] ?? 10 };
  await runLoad(bare.base, ['/bare'], first);
  await runLoad(bare.base, paths, { ...first, headers });
  await runLoad(bareAudited.base, paths, { ...first, headers });
  for (const url of Object.values(apps)) await runLoad(url, paths, { ...first, headers });
  /** The run of the middle req/s (its other figures as measured with it). */
  const median = (runs: Run[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
  const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const connections of connectionCounts) {
    const load = { seconds: opts.seconds, connections };
    // What the response's size and the load generator cost, once.
    const barePageRun = await measure(bare.base, ['/bare-page'], load);
    const barePageGzipRun = await measure(bare.base, ['/bare-page-gzip'], load);
    const bareShapedRun = await measure(bare.base, paths, { ...load, headers });
    await warm(apps.durable, headers);
    const plainRun = await measure(apps.durable, paths, { ...load, headers: plainHeaders }, true);
    // The compared runs in rounds, one after another: this machine's speed drifts by half within minutes
    // (bare fastify read 27k and 42k req/s in runs a minute apart), so each round's ratios compare runs made
    // seconds apart, and the middle round's ratio is the figure.
    const series: Record<'bare' | 'floor' | AuditMode, Run[]> = {
      bare: [],
      floor: [],
      durable: [],
      buffered: [],
    };
    for (let round = 0; round < opts.rounds; round++) {
      series.bare.push(await measure(bare.base, ['/bare'], load));
      series.floor.push(await measure(bareAudited.base, paths, { ...load, headers }, true));
      for (const [mode, url] of Object.entries(apps) as [AuditMode, string][]) {
        await warm(url, headers);
        series[mode].push(await measure(url, paths, { ...load, headers }, true));
      }
    }
    const perRound = (of: Run[]) => of.map((r, i) => r.rps / series.bare[i]!.rps);
    const roundRatios = {
      durable: perRound(series.durable),
      buffered: perRound(series.buffered),
      floor: perRound(series.floor),
    };
    const ratios = {
      durable: middle(roundRatios.durable),
      buffered: middle(roundRatios.buffered),
      floor: middle(roundRatios.floor),
    };
    const bareRun = median(series.bare);
    const floorRun = median(series.floor);
    const runs = { durable: median(series.durable), buffered: median(series.buffered) };
    console.log(
      `\n${`${connections} connections, ${opts.seconds} s a run${opts.rounds > 1 ? ` (◦ middle of ${opts.rounds})` : ''}`.padEnd(54)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(6)} ${'µs CPU/r'.padStart(9)} ${'busy%'.padStart(6)} ${'client µs'.padStart(9)} ${'req/write'.padStart(9)}`,
    );
    console.log(row('GET /bare (bare fastify) ◦', bareRun));
    console.log(row(`GET /bare-page (the same, ${(page.length / 1024).toFixed(1)} KB page)`, barePageRun));
    console.log(
      row(`GET /bare-page-gzip (the page gzipped, ${(zippedBytes / 1024).toFixed(1)} KB)`, barePageGzipRun),
    );
    console.log(row('GET …/recommendations on bare fastify (same requests)', bareShapedRun));
    console.log(row('  the same + a durable audit row, nothing else ◦', floorRun));
    for (const [mode, r] of Object.entries(runs))
      console.log(row(`GET …/recommendations, audit ${mode}, gzip ◦`, r));
    console.log(row('GET …/recommendations, audit durable, uncompressed', plainRun));
    const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
    console.log(
      `recommendations / bare, by round: durable ${list(roundRatios.durable)}, buffered ${list(roundRatios.buffered)}; bare fastify with the durable audit row alone ${list(roundRatios.floor)}`,
    );
    console.log(
      `→ durable ${ratios.durable.toFixed(2)}×, buffered ${ratios.buffered.toFixed(2)}× (target ≥ 0.3×); p99 (durable) ${runs.durable.p99.toFixed(1)} ms (target < 100 ms); the durable audit row alone allows ${ratios.floor.toFixed(2)}×, the gateway serves ${(ratios.durable / ratios.floor).toFixed(2)} of that`,
    );
    byConnections[String(connections)] = { bare: bareRun, floor: floorRun, recommendations: runs, ratios };
    figures[String(connections)] = {
      bare: bareRun,
      bare_page: { ...barePageRun, bytes: page.length },
      bare_page_gzip: { ...barePageGzipRun, bytes: zippedBytes },
      bare_shaped: bareShapedRun,
      bare_shaped_durable_audit: floorRun,
      recommendations: { ...runs, durable_uncompressed: plainRun },
      rounds_rps: Object.fromEntries(Object.entries(series).map(([k, v]) => [k, v.map((r) => r.rps)])),
      ratio: {
        ...ratios,
        durable_by_round: roundRatios.durable,
        buffered_by_round: roundRatios.buffered,
        bare_durable_audit_by_round: roundRatios.floor,
        durable_uncompressed: plainRun.rps / bareRun.rps,
      },
      targets: { ratio: ratios.durable >= 0.3, p99_ms: runs.durable.p99 < 100 },
    };
  }

  // What each serves at its best over the concurrencies run (its capacity on this machine), side by side.
  const levels = Object.entries(byConnections);
  const peak = (pick: (r: (typeof byConnections)[string]) => Run) =>
    levels.reduce(
      (best, [c, r]) => (pick(r).rps > best.rps ? { rps: pick(r).rps, connections: Number(c) } : best),
      { rps: 0, connections: 0 },
    );
  const peaks = {
    bare: peak((r) => r.bare),
    durable: peak((r) => r.recommendations.durable),
    buffered: peak((r) => r.recommendations.buffered),
    floor: peak((r) => r.floor),
  };
  const everyLevel = levels.every(([, r]) => r.ratios.durable >= 0.3);
  const bufferedEveryLevel = levels.every(([, r]) => r.ratios.buffered >= 0.3);
  console.log(
    `\nat best: bare ${peaks.bare.rps.toFixed(0)} req/s (${peaks.bare.connections} connections), durable ${peaks.durable.rps.toFixed(0)} (${peaks.durable.connections}), buffered ${peaks.buffered.rps.toFixed(0)} (${peaks.buffered.connections}): durable ${(peaks.durable.rps / peaks.bare.rps).toFixed(2)}×, buffered ${(peaks.buffered.rps / peaks.bare.rps).toFixed(2)}× (target ≥ 0.3×); ≥ 0.3× at every concurrency: durable ${everyLevel ? 'yes' : 'no'}, buffered ${bufferedEveryLevel ? 'yes' : 'no'}`,
  );
  // Where the durable gateway falls short, whether a bare route doing nothing but the durable audit row
  // reaches the target there: if it does not, no durable gateway can on this machine at that concurrency.
  for (const [c, r] of levels) {
    if (r.ratios.durable >= 0.3) continue;
    console.log(
      `${c} connections: durable ${r.ratios.durable.toFixed(2)}× < 0.3×; bare fastify with the durable audit row alone ${r.ratios.floor.toFixed(2)}× (${r.ratios.floor >= 0.3 ? 'the gateway falls short of it' : 'the audit commit alone is below the target here'}); the gateway serves ${(r.ratios.durable / r.ratios.floor).toFixed(2)} of it`,
    );
  }
  console.log(
    JSON.stringify({
      bench: 'gateway',
      posts: opts.posts,
      people: opts.people,
      seconds: opts.seconds,
      rounds: opts.rounds,
      connections: figures,
      at_best: {
        bare_rps: peaks.bare.rps,
        durable_rps: peaks.durable.rps,
        buffered_rps: peaks.buffered.rps,
        ratio_durable: peaks.durable.rps / peaks.bare.rps,
        ratio_buffered: peaks.buffered.rps / peaks.bare.rps,
        bare_durable_audit_rps: peaks.floor.rps,
        durable_ratio_met_at_every_concurrency: everyLevel,
        buffered_ratio_met_at_every_concurrency: bufferedEveryLevel,
      },
    }),
  );
} finally {
  // A run at full size once sat in teardown for minutes after printing its figures (cause not found yet):
  // the figures are out, so a stuck close must not hold the process.
  setTimeout(() => {
    console.error('teardown did not finish within 60 s; exiting');
    process.exit(0);
  }, 60_000).unref();
  const t = performance.now();
  for (const close of closers) await close();
  console.error(`teardown ${secs(t)}`);
}
