import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, repoRoot } from '../../src/config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('defaults to the embedded database and in-process jobs', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.join(repoRoot, 'data/pglite') });
    expect(config.queue).toEqual({ kind: 'inline' });
    expect(config.http.port).toBe(3000);
  });

  it('uses PostgreSQL and Redis when their URLs are given', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/q', REDIS_URL: 'redis://cache:6379' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/q' });
    expect(config.queue).toEqual({ kind: 'redis', url: 'redis://cache:6379' });
  });

  it('treats an empty DATABASE_URL as absent', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.kind).toBe('pglite');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root@localhost/q'],
    ['REDIS_URL', 'localhost:6379'],
    ['LOG_LEVEL', 'loud'],
    ['ID_HASH_KEY', 'too-short'],
    ['OCCUPATIONS_FILE', '/nonexistent/occupations.jsonl'],
    ['DEMO_PEOPLE', '-5'],
    ['PLACEMENT_TARGETS', '2025=30%'],
    ['AUDIT_MODE', 'never'],
    ['TRUST_PROXY', 'the load balancer'],
    ['DEMO_DATE', '2024-13-45'],
    ['DEMO_DATE', '2023-02-29'],
    ['DEMO_DATE', 'next monday'],
  ])('rejects a bad %s and names it', (variable, value) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems.map((p) => p.variable)).toContain(variable);
  });

  it('generates the demo around a given day, or leaves the day to the first start', () => {
    expect(loadConfig({ DEMO_DATE: '2024-02-29' }).demo.referenceDate).toBe('2024-02-29');
    expect(loadConfig({}).demo.referenceDate).toBeUndefined();
  });

  it('audits durably unless told otherwise, and trusts no proxy by default', () => {
    expect(loadConfig({}).audit.mode).toBe('durable');
    expect(loadConfig({ AUDIT_MODE: 'buffered' }).audit.mode).toBe('buffered');
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
  });

  it('names every bad variable at once, in the error message too', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'nope' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/REDIS_URL/);
    }
  });

  it('requires a real ID_HASH_KEY in production and uses the development key elsewhere', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).map((p) => p.variable)).toEqual(['ID_HASH_KEY']);
    const dev = loadConfig({});
    expect(dev.secrets.idHashKeyIsDevelopmentDefault).toBe(true);
    const key = 'k'.repeat(40);
    const prod = loadConfig({ NODE_ENV: 'production', ID_HASH_KEY: key });
    expect(prod.secrets).toEqual({ idHashKey: key, idHashKeyIsDevelopmentDefault: false });
  });

  it("uses the repository's own model cache and shipped occupation classification by default", () => {
    const config = loadConfig({});
    expect(config.modelDir).toBe(path.join(repoRoot, 'models'));
    expect(config.occupationsFile).toBe(
      path.join(repoRoot, 'shared/reference-data/occupations-2022.jsonl.gz'),
    );
    expect(existsSync(config.occupationsFile ?? '')).toBe(true);
    // Nothing outside the repository is read unless a variable says so.
    for (const p of [config.modelDir, config.occupationsFile ?? '']) {
      expect(p.startsWith(repoRoot + path.sep)).toBe(true);
    }
  });

  it("reads yearly placement targets, defaulting to the seeds' 30% → 50% → 70%", () => {
    expect(loadConfig({}).placementTargets).toEqual({ 2025: 0.3, 2026: 0.5, 2027: 0.7 });
    expect(loadConfig({ PLACEMENT_TARGETS: '2026:0.4, 2027:0.6' }).placementTargets).toEqual({
      2026: 0.4,
      2027: 0.6,
    });
  });

  it('resolves relative paths from the repository root', () => {
    const config = loadConfig({ PGLITE_DIR: 'tmp/db', MODEL_DIR: 'my-models' });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.join(repoRoot, 'tmp/db') });
    expect(config.modelDir).toBe(path.join(repoRoot, 'my-models'));
  });
});
