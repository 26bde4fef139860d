import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { outbox } from '@qihang/shared/db/schema/index';
import { jobIdFor } from '@qihang/shared/queue/contract';
import { enqueueInTx } from '@qihang/shared/queue/outbox';
import { createOutboxRelay } from '@qihang/shared/queue/relay';
import { createQueueWorkers } from '@qihang/shared/queue/runtime';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { TestRedis } from '@qihang/shared/testing/redis';
import { isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEffectsTable, effects, recordingHandlers } from './effects';

const here = path.dirname(fileURLToPath(import.meta.url));
let t: Awaited<ReturnType<typeof migratedTestDatabase>>;
let redis: TestRedis;

beforeAll(async () => {
  redis = await TestRedis.start();
  t = await migratedTestDatabase('postgres');
  await createEffectsTable(t.database);
});
afterAll(async () => {
  await redis?.down();
  await t?.cleanup();
});

async function enqueue(n: number): Promise<string[]> {
  const ids: string[] = [];
  await t.database.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const payload = {
        ownerType: 'post' as const,
        ownerId: randomUUID(),
        contentHash: randomUUID().replaceAll('-', ''),
      };
      await enqueueInTx(tx, 'embed', payload);
      ids.push(jobIdFor.embed(payload));
    }
  });
  return ids;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startChild(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(here, 'worker-child.ts'),
      t.config.kind === 'postgres' ? t.config.url : '',
      redis.url,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

describe('queue pipeline on PostgreSQL and Redis', () => {
  it('loses and duplicates nothing when a worker is killed mid-batch and another takes over', async () => {
    const jobIds = await enqueue(300);
    const relay = createOutboxRelay(t.database, redis.url);
    expect(await relay.drain()).toBe(300);
    // Relaying again adds nothing: the rows are marked, and the job ids are deterministic.
    expect(await relay.drain()).toBe(0);
    await relay.stop();

    const first = await startChild();
    await waitFor(
      async () => (await effects(t.database)).length >= 60,
      30_000,
      'first worker to make progress',
    );
    first.kill('SIGKILL');
    const partial = (await effects(t.database)).length;
    expect(partial).toBeLessThan(300);

    const second = await startChild();
    try {
      await waitFor(async () => (await effects(t.database)).length >= 300, 60_000, 'second worker to finish');
    } finally {
      second.kill('SIGTERM');
    }
    const done = await effects(t.database);
    expect(done.map((e) => e.job_id).sort()).toEqual([...jobIds].sort());
    // At most the jobs in flight when the first worker died ran twice; their effect is still one row.
    expect(done.filter((e) => e.calls > 1).length).toBeLessThanOrEqual(4);
  }, 120_000);

  it('keeps work in the outbox while Redis is down and recovers jobs lost in a Redis restart', async () => {
    await t.database.db.execute(sql`truncate test_effects, outbox`);
    const database = t.database;
    const workers = createQueueWorkers(
      redis.url,
      recordingHandlers(database),
      {},
      { concurrency: { embed: 4 } },
    );
    await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
    const relay = createOutboxRelay(database, redis.url);
    try {
      const before = await enqueue(100);
      await relay.drain();
      // Redis goes away with whatever it held (no persistence), possibly before the worker ran it all.
      await redis.down();
      const during = await enqueue(100);
      await expect(relay.relayOnce()).rejects.toThrow();
      const waiting = await database.db.select().from(outbox).where(isNull(outbox.relayedAt));
      expect(waiting.length).toBeGreaterThanOrEqual(100);
      expect(waiting.every((r) => r.attempts >= 1 && r.lastError)).toBe(true);

      await redis.up();
      // The restarted Redis is empty: the relay notices its new run id and relays recent rows again.
      await waitFor(
        async () => {
          await relay.drain().catch(() => 0);
          return (await effects(database)).length >= 200;
        },
        60_000,
        'all jobs to run after the restart',
      );
      const done = await effects(database);
      expect(done.map((e) => e.job_id).sort()).toEqual([...before, ...during].sort());
      expect(await database.db.select().from(outbox).where(isNull(outbox.relayedAt))).toHaveLength(0);
    } finally {
      await redis.up().catch(() => {});
      await relay.stop();
      // Everything is asserted by now: do not wait on jobs a worker may still hold across the restart.
      await workers.close(true);
    }
  }, 120_000);
});
