import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '@qihang/shared/config/index';
import { createOutboxRelay } from '@qihang/shared/queue/relay';
import { createQueueWorkers } from '@qihang/shared/queue/runtime';
import { TestRedis } from '@qihang/shared/testing/redis';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverHandler } from '../../src/push/deliver';
import { sweepDue } from '../../src/push/schedule';
import { pushToSubscription } from '../../src/push/select';
import { buildWorld, type World } from '../fixtures';
import { startReceiver } from './receiver';
import { addSubscription, addWeldingPosts, fastDeps, statusesOf } from './world';

let w: World;
beforeAll(async () => {
  w = await buildWorld({ kind: 'postgres' });
});
afterAll(async () => {
  await w?.cleanup();
});

const noop = async () => {};

it('through the outbox and BullMQ: Redis restarted empty mid-run loses nothing and sends nothing twice as new', async () => {
  const redis = await TestRedis.start();
  await redis.up();
  let secret = '';
  const receiver = await startReceiver(() => secret, [], { delayMs: 20 });
  const sub = await addSubscription(w, receiver.url);
  secret = sub.secret;
  const postIds = await addWeldingPosts(w, 40, 'redis');
  const deps = fastDeps(w.database, { timeoutMs: 2_000, leaseMs: 3_000 });
  const relay = createOutboxRelay(w.database, redis.url, { rewindWindowMs: 60_000 });
  const workers = createQueueWorkers(
    redis.url,
    { deliver: deliverHandler, embed: noop, reindex: noop },
    deps,
    {
      concurrency: { deliver: 2 },
    },
  );
  try {
    expect((await pushToSubscription(w.database, sub.id, { postIds })).new).toBe(40);
    await relay.drain();
    while (receiver.processed.size < 8) await new Promise((r) => setTimeout(r, 10));
    await redis.down();
    await redis.up();
    // What the relay and the sweeper do on their timers in a running system.
    const until = Date.now() + 30_000;
    for (;;) {
      await relay.relayOnce().catch(() => 0);
      await sweepDue(deps);
      const [open] = await w.database.rows<{ n: number }>(
        sql`select count(*)::int as n from deliveries where subscription_id = ${sub.id} and status <> 'delivered'`,
      );
      if (!open?.n || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const rows = await statusesOf(w.database, sub.id);
    expect(rows.filter((r) => r.status !== 'delivered')).toEqual([]);
    const perVersion = receiver.newPerVersion();
    expect(perVersion.size).toBe(40);
    expect([...perVersion.values()].every((n) => n === 1)).toBe(true);
  } finally {
    await workers.close();
    await relay.stop();
    await redis.down();
    await receiver.close();
  }
}, 60_000);

it('a worker process killed mid-delivery: the job is found stalled and finished elsewhere, once', async () => {
  const redis = await TestRedis.start();
  await redis.up();
  let secret = '';
  // The killed worker's request hangs at the portal, never processed.
  const receiver = await startReceiver(() => secret, ['hang']);
  const sub = await addSubscription(w, receiver.url);
  secret = sub.secret;
  const postIds = await addWeldingPosts(w, 5, 'kill');
  const [{ name } = { name: '' }] = await w.database.rows<{ name: string }>(
    sql`select current_database() as name`,
  );
  const url = new URL(loadConfig().testing.postgresAdminUrl);
  url.pathname = `/${name}`;
  const relay = createOutboxRelay(w.database, redis.url);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'worker-child.ts'), url.toString(), redis.url],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let workers: ReturnType<typeof createQueueWorkers> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', () => reject(new Error('worker child exited early')));
    });
    await pushToSubscription(w.database, sub.id, { postIds });
    await relay.drain();
    while (receiver.received.length < 1) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    const deps = fastDeps(w.database, { timeoutMs: 2_000, leaseMs: 1_500 });
    workers = createQueueWorkers(redis.url, { deliver: deliverHandler, embed: noop, reindex: noop }, deps, {
      options: { lockDuration: 2_000, stalledInterval: 1_000 },
    });
    const until = Date.now() + 20_000;
    for (;;) {
      await sweepDue(deps);
      const rows = await statusesOf(w.database, sub.id);
      if (rows.every((r) => r.status === 'delivered') || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const rows = await statusesOf(w.database, sub.id);
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'delivered'));
    expect(rows.some((r) => r.attempts === 2)).toBe(true);
    expect(receiver.newPerVersion().size).toBe(5);
    expect([...receiver.newPerVersion().values()].every((n) => n === 1)).toBe(true);
  } finally {
    child.kill('SIGKILL');
    await workers?.close();
    await relay.stop();
    await redis.down();
    await receiver.close();
  }
}, 60_000);
