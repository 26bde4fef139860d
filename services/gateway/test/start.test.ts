import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@qihang/shared/config/index';
import { openDatabase } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

  it('refuses to start on a bad setting, naming it', async () => {
    await expect(startQihang({ ...env(), PORT: 'eighty' })).rejects.toThrow(/PORT/);
  });
});
