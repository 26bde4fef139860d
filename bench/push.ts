/**
 * `pnpm bench push [--posts 2000] [--portals 20] [--outage 60] [--concurrency 32]`
 *
 * Pushes `posts` × `portals` deliveries through the whole path — push run → outbox → relay → BullMQ
 * (a Redis of its own) → deliver handler → a local HTTP receiver that verifies every signature — and
 * reports deliveries/s. Then every post changes (an `update` each), the receiver answers 503 for `outage`
 * seconds, and the time from its recovery until the last delivery is in (retries by the sweeper, with the
 * production backoff) is the drain time. Ends with one JSON line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import {
  type DeliverDeps,
  deliverHandler,
  deliveryCounts,
  deriveSecretsKey,
  encryptSecret,
  generateSigningSecret,
  postsRepo,
  pushToSubscription,
  sweepDue,
  verifySignature,
} from '@qihang/gateway/bench';
import { loadConfig } from '@qihang/shared/config/index';
import { employers, portalSubscriptions, portals, posts } from '@qihang/shared/db/schema/index';
import { createOutboxRelay } from '@qihang/shared/queue/relay';
import { createQueueWorkers } from '@qihang/shared/queue/runtime';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '2000' },
    portals: { type: 'string', default: '20' },
    outage: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '32' },
  },
});
const opts = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])) as Record<
  keyof typeof values,
  number
>;
const config = loadConfig();
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  {
    stdio: 'ignore',
  },
);
for (let i = 0; i < 100; i++) {
  if (
    spawnSync('redis-cli', ['-p', String(port), 'ping'])
      .stdout?.toString()
      .trim() === 'PONG'
  )
    break;
  await sleep(50);
}
const redisUrl = `redis://127.0.0.1:${port}`;

// The receiver: verifies each signature, counts each idempotency key once; 503 while "down".
const secrets = new Map<string, string>();
const seen = new Set<string>();
let down = false;
let requests = 0;
let badSignatures = 0;
const receiver = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  requests++;
  if (down) return res.writeHead(503).end();
  const body = Buffer.concat(chunks).toString('utf8');
  const sub = req.url?.slice(1) ?? '';
  if (!verifySignature(secrets.get(sub) ?? '', body, req.headers['x-qihang-signature'] as string)) {
    badSignatures++;
    return res.writeHead(401).end();
  }
  seen.add(String(req.headers['idempotency-key']));
  res.writeHead(204).end();
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;

const { database, cleanup } = await migratedTestDatabase('postgres');
const secretsKey = deriveSecretsKey(config.secrets.idHashKey);
const deps: DeliverDeps = { database, secretsKey };
const relay = createOutboxRelay(database, redisUrl, { batchSize: 2_000 });
const workers = createQueueWorkers(
  redisUrl,
  { deliver: deliverHandler, embed: async () => {}, reindex: async () => {} },
  deps,
  { concurrency: { deliver: opts.concurrency } },
);
const openCount = async () => {
  const c = await deliveryCounts(database.db);
  return c.pending + c.delivering + c.failed;
};
/** What a running system does on timers: relay the outbox and sweep due retries, until all is delivered. */
async function runUntilDelivered(): Promise<void> {
  for (;;) {
    await relay.drain();
    await sweepDue(deps, { limit: 2_000, concurrency: opts.concurrency });
    if ((await openCount()) === 0) return;
    await sleep(250);
  }
}

try {
  await loadReferenceData(database.db, config);
  const [employer] = await database.db
    .insert(employers)
    .values({ name: '济南示范用工企业', regionCode: '370102', fairChance: true })
    .returning();
  const districts = ['370102', '370103', '370104', '370105', '370112'];
  for (let i = 0; i < opts.posts; i += 1_000) {
    await database.db.insert(posts).values(
      Array.from({ length: Math.min(1_000, opts.posts - i) }, (_, j) => ({
        employerId: employer!.id,
        title: `普工 ${i + j}`,
        description: '包吃住，月休四天',
        regionCode: districts[(i + j) % districts.length]!,
        headcount: 10,
        payMin: 5_000,
        payMax: 7_000,
        accommodation: true,
        contentHash: `bench-${i + j}`,
      })),
    );
  }
  const subIds: string[] = [];
  for (let p = 0; p < opts.portals; p++) {
    const [portal] = await database.db
      .insert(portals)
      .values({ name: `县级就业网 ${p}`, regionCode: '433122' })
      .returning();
    const secret = generateSigningSecret();
    const id = randomUUID();
    await database.db.insert(portalSubscriptions).values({
      id,
      portalId: portal!.id,
      targetUrl: `${receiverUrl}/${id}`,
      regionCodes: ['370100'],
      signingSecretEnc: encryptSecret(secretsKey, secret),
    });
    secrets.set(id, secret);
    subIds.push(id);
  }
  const total = opts.posts * opts.portals;

  let t = performance.now();
  for (const id of subIds) await pushToSubscription(database, id);
  const planMs = performance.now() - t;
  t = performance.now();
  await runUntilDelivered();
  const deliverMs = performance.now() - t;
  const firstSeen = seen.size;

  // Every post changes; the portals are down for `outage` seconds while the updates go out.
  const repo = postsRepo(database.db);
  const postIds = (await database.db.select({ id: posts.id }).from(posts)).map((r) => r.id);
  for (const id of postIds) await repo.update(id, { filledCount: 1 }, undefined, database.db);
  for (const id of subIds) await pushToSubscription(database, id);
  down = true;
  const requestsBefore = requests;
  const outageEnd = performance.now() + opts.outage * 1000;
  while (performance.now() < outageEnd) {
    await relay.drain();
    await sweepDue(deps, { limit: 2_000, concurrency: opts.concurrency });
    await sleep(250);
  }
  const duringOutage = requests - requestsBefore;
  down = false;
  t = performance.now();
  await runUntilDelivered();
  const drainMs = performance.now() - t;
  const { dead } = await deliveryCounts(database.db);

  const figures = {
    posts: opts.posts,
    portals: opts.portals,
    deliveries: total,
    plan_s: +(planMs / 1000).toFixed(2),
    deliver_s: +(deliverMs / 1000).toFixed(2),
    deliveries_per_s: Math.round(total / (deliverMs / 1000)),
    outage_s: opts.outage,
    attempts_during_outage: duringOutage,
    drain_after_recovery_s: +(drainMs / 1000).toFixed(2),
    delivered_keys: seen.size,
    duplicates_as_new: firstSeen - total,
    bad_signatures: badSignatures,
    dead,
  };
  console.table({
    'push runs (plan + outbox)': secs(planMs),
    [`deliver ${total.toLocaleString()} (new)`]: `${secs(deliverMs)}, ${figures.deliveries_per_s}/s`,
    [`${opts.outage} s outage: attempts refused`]: duringOutage,
    'drain after recovery (updates)': secs(drainMs),
    'distinct keys received': seen.size,
  });
  console.log(JSON.stringify(figures));
} finally {
  await workers.close();
  await relay.stop();
  receiver.close();
  redis.kill('SIGKILL');
  await cleanup();
}
