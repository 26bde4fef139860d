import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app';
import { CONTENT_SECURITY_POLICY } from '../../src/console/routes';

/** A console build as Vite lays it out: index.html and hashed files under assets/. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body>${'<!-- padding -->'.repeat(100)}</body></html>`,
  );
  writeFileSync(join(dir, 'assets/index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
  writeFileSync(join(dir, '.stamp'), 'secret-ish');
  return dir;
}

describe('the web console served by the gateway', () => {
  let app: App;
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase('pglite'));
    app = await buildApp({ config: loadConfig({}), database, consoleDir: fakeBuild() });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('serves index.html at / with a strict Content-Security-Policy, never cached', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('caches hashed assets for a year as immutable, gzipped when the browser accepts it', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/javascript/);
    const again = await app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('answers client-side routes with the app, and keeps the API and docs as they were', async () => {
    for (const url of ['/people', '/people/5d9e0e3e-0000-4000-8000-000000000000?x=1', '/imports/abc']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('/assets/index-abc123.js');
    }
    const unknownApi = await app.inject({ method: 'GET', url: '/v1/no-such-thing' });
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.json()).toMatchObject({ statusCode: 404 });
    const keyless = await app.inject({ method: 'GET', url: '/v1/people' });
    expect(keyless.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).json().openapi).toMatch(/^3\./);
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('answers a missing file with 404, and never serves dot files of the build', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/favicon.ico' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/.stamp' })).statusCode).toBe(404);
  });
});
