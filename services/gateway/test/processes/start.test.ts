import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@qihang/shared/config/index';
import { openDatabase } from '@qihang/shared/db/client';
import { ingestBatches } from '@qihang/shared/db/schema/index';
import { writeDemoLists } from '@qihang/shared/demo/index';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminKey } from '../../src/cli/admin-key';

/** Runs `pnpm start`'s entry point as a real process and waits for it to print its URL. */
async function startQihang(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/gateway/src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 120 s:\n${out}`)), 120_000);
    const look = () => {
      const m = /API:\s+(http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function countRows(dataDir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const [row] = await database.rows<{ people: number; posts: number; employers: number }>(sql`select
      (select count(*)::int from people) as people,
      (select count(*)::int from posts) as posts,
      (select count(*)::int from employers) as employers`);
    return row;
  } finally {
    await database.close();
  }
}

describe('pnpm start on the embedded default', () => {
  let dir: string;
  const env = () => ({
    PGLITE_DIR: path.join(dir, 'pglite'),
    PORT: '0',
    DEMO_PEOPLE: '80',
    DEMO_POSTS: '40',
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qihang-start-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates, loads the demo data, serves health and docs, and stops cleanly on SIGTERM', async () => {
    const { child, url, output } = await startQihang(env());
    try {
      expect(output()).toMatch(/Docs: http:\/\/\S+\/docs/);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const docs = await fetch(`${url}/docs/json`);
      expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
      // On the demo data a newcomer is told how to sign in, and can, as a browser would over the port.
      expect(output()).toContain(
        'Demo sign-in (demo data only): bureau / facility / organizer / employer / admin, password Qihang@2026',
      );
      const signIn = await fetch(`${url}/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bureau', password: 'Qihang@2026' }),
      });
      expect(signIn.status).toBe(200);
      const setCookie = signIn.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(
        /^qihang_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
      );
      const cookie = setCookie.split(';')[0]!;
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      const session = await fetch(`${url}/v1/auth/session`, { headers: { cookie } });
      expect(((await session.json()) as { user: { regionCode: string } }).user.regionCode).toBe('433100');
      const forged = await fetch(`${url}/v1/auth/sign-out`, { method: 'POST', headers: { cookie } });
      expect(forged.status).toBe(403);
      const out = await fetch(`${url}/v1/auth/sign-out`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(out.status).toBe(204);
      const ended = await fetch(`${url}/v1/auth/session`, { headers: { cookie } });
      expect(await ended.json()).toEqual({ user: null, csrfToken: null });
    } finally {
      expect(await stop(child)).toBe(0);
    }
    const counts = await countRows(path.join(dir, 'pglite'));
    expect(counts).toMatchObject({ people: 80, posts: 40 });
    expect(counts?.employers).toBeGreaterThan(0);
  });

  it('starts again on the same data directory without loading the demo data twice', async () => {
    const before = await countRows(path.join(dir, 'pglite'));
    const { child, url } = await startQihang(env());
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      expect(await stop(child)).toBe(0);
    }
    expect(await countRows(path.join(dir, 'pglite'))).toEqual(before);
  });

  it('refuses a second process on the same data directory while the first runs', async () => {
    const { child } = await startQihang(env());
    try {
      await expect(startQihang(env())).rejects.toThrow(/in use by process \d+/);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('keeps answering health checks through a large upload and the embedding after it, and stops at once', async () => {
    // A key made while the server is down (the data directory is locked while it runs).
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    const { key } = await database
      .migrate()
      .then(() => createAdminKey(database, { name: 'start test' }))
      .finally(() => database.close());
    const lists = await writeDemoLists(
      { seed: 5, people: 0, posts: 3000 },
      { dir: path.join(dir, 'lists'), format: 'csv' },
    );
    const { child, url } = await startQihang(env());
    let probing = true;
    const slowest = { ms: 0 };
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(60_000) });
        expect(res.status).toBe(200);
        slowest.ms = Math.max(slowest.ms, performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      const res = await fetch(`${url}/v1/uploads/posts?filename=posts.csv`, {
        method: 'POST',
        headers: { 'x-api-key': key.key, 'content-type': 'text/csv' },
        body: await readFile(lists.postsFile),
      });
      expect(res.status).toBe(201);
      const report = (await res.json()) as { accepted: number };
      expect(report.accepted).toBeGreaterThan(2000);
      // The rows' embedding now runs in this process: health keeps answering, and SIGTERM stops it.
      await new Promise((r) => setTimeout(r, 3_000));
      probing = false;
      await probe;
      // Before, one chain of database calls kept health (and signals) waiting for minutes.
      expect(slowest.ms).toBeLessThan(5_000);
    } finally {
      probing = false;
      const asked = performance.now();
      expect(await stop(child)).toBe(0);
      expect(performance.now() - asked).toBeLessThan(10_000);
    }
    // The jobs held back during the upload ran after it: uploaded posts (the demo has 40) were embedded.
    const after = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    try {
      const [row] = await after.rows<{ n: number }>(
        sql`select count(*)::int as n from embeddings where owner_type = 'post'`,
      );
      expect(row!.n).toBeGreaterThan(40);
    } finally {
      await after.close();
    }
  });

  it('marks an upload cut off by the last stop as failed, saying to upload it again', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    const { key, batchId } = await database
      .migrate()
      .then(async () => {
        const { key } = await createAdminKey(database, { name: 'start test 2' });
        // What a process killed mid-upload leaves behind.
        const [batch] = await database.db
          .insert(ingestBatches)
          .values({ kind: 'posts', source: 'upload', filename: '岗位.xlsx', accepted: 1000 })
          .returning({ id: ingestBatches.id });
        return { key, batchId: batch!.id };
      })
      .finally(() => database.close());
    const { child, url } = await startQihang(env());
    try {
      const res = await fetch(`${url}/v1/uploads/${batchId}`, { headers: { 'x-api-key': key.key } });
      expect(await res.json()).toMatchObject({
        status: 'failed',
        accepted: 1000,
        error: expect.stringContaining('请重新上传该文件'),
      });
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('refuses to start on a bad setting, naming it', async () => {
    await expect(startQihang({ ...env(), PORT: 'eighty' })).rejects.toThrow(/PORT/);
  });
});
