import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { prepareDatabase } from '@qihang/shared/bootstrap';
import { loadConfig, repoRoot } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { employers, posts } from '@qihang/shared/db/schema/index';
import { enqueueInTx } from '@qihang/shared/queue/outbox';
import { createTestDatabase, type TestDatabase } from '@qihang/shared/testing/databases';
import { TestRedis } from '@qihang/shared/testing/redis';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('pnpm worker (production path: PostgreSQL + Redis)', () => {
  let redis: TestRedis;
  let target: TestDatabase;
  let database: Database;
  let worker: ChildProcess;
  let output = '';

  beforeAll(async () => {
    redis = await TestRedis.start();
    target = await createTestDatabase('postgres');
    if (target.config.kind !== 'postgres') throw new Error('expected postgres');
    database = await prepareDatabase({
      ...loadConfig({}),
      database: target.config,
      occupationsFile: undefined,
    });
    worker = spawn(process.execPath, ['--import', 'tsx', 'services/gateway/src/processes/worker.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: os.tmpdir(),
        DATABASE_URL: target.config.url,
        REDIS_URL: redis.url,
        OCCUPATIONS_FILE: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (d) => {
      output += d;
    });
    worker.stderr?.on('data', (d) => {
      output += d;
    });
    await waitFor('the worker to start', async () =>
      output.includes('worker is running') ? true : undefined,
    );
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await database?.close();
    await target?.drop();
    await redis?.down();
  });

  it('embeds a post queued through the outbox, and stops cleanly', async () => {
    const postId = await database.db.transaction(async (tx) => {
      const [employer] = await tx
        .insert(employers)
        .values({ name: '济南某建筑工程有限公司', regionCode: '370102', fairChance: true })
        .returning();
      const [post] = await tx
        .insert(posts)
        .values({
          employerId: employer!.id,
          title: '电焊工',
          description: '持焊工证，包吃住',
          requiredCertificates: ['焊工证'],
          headcount: 3,
          regionCode: '370102',
          contentHash: 'h1',
        })
        .returning();
      await enqueueInTx(tx, 'embed', { ownerType: 'post', ownerId: post!.id, contentHash: 'h1' });
      return post!.id;
    });
    const row = await waitFor('the embedding', async () => {
      const [r] = await database.rows<{ dims: number; model: string }>(
        sql`select dims, model from embeddings where owner_type = 'post' and owner_id = ${postId}`,
      );
      return r;
    });
    expect(row).toEqual({ dims: 512, model: 'Xenova/bge-small-zh-v1.5' });
    const [relayed] = await database.rows<{ pending: number }>(
      sql`select count(*)::int as pending from outbox where relayed_at is null`,
    );
    expect(relayed?.pending).toBe(0);

    const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start without REDIS_URL, naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/gateway/src/processes/worker.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), PGLITE_DIR: 'memory://' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toMatch(/REDIS_URL/);
  });
});
