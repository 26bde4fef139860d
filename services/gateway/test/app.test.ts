import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type App, buildApp } from '../src/app';

describe('body timeout with injected requests', () => {
  it('clears its timer when an injected request is answered: nothing fires later, no socket is touched', async () => {
    const { database, cleanup } = await migratedTestDatabase('pglite');
    const app = await buildApp({ config: loadConfig({}), database, bodyTimeoutMs: 20 });
    app.post('/echo', { config: { public: true } }, async (req) => req.body ?? null);
    const errors: unknown[] = [];
    const onError = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onError);
    try {
      await app.ready();
      for (const method of ['GET', 'POST'] as const) {
        const res = await app.inject({
          method,
          url: method === 'GET' ? '/health' : '/echo',
          ...(method === 'POST' ? { payload: { a: 1 } } : {}),
        });
        expect(res.statusCode, method).toBe(200);
      }
      // Well past the 20 ms allowance: a timer left behind would fire now.
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      await app.close();
      await cleanup();
    }
  });
});

describe('gateway app', () => {
  let app: App;
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase('pglite'));
    app = await buildApp({
      config: loadConfig({}),
      database,
      readiness: [{ name: 'model', check: async () => Promise.reject(new Error('model not loaded')) }],
    });
    // A route with a body schema, to see what a caller gets for bad input.
    app.post(
      '/echo',
      {
        config: { public: true },
        schema: { body: z.object({ people: z.array(z.object({ birthYear: z.number().int().min(1900) })) }) },
      },
      async (req) => req.body,
    );
    app.get('/boom', { config: { public: true } }, async () => {
      throw new Error('database password is hunter2');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('answers liveness', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness per dependency, 503 when one is down', async () => {
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toEqual([
      { name: 'database', ok: true },
      { name: 'model', ok: false, detail: 'model not loaded' },
    ]);
  });

  it('serves OpenAPI 3 generated from the route schemas, and the docs page', async () => {
    const spec = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(page.statusCode);
  });

  it('turns bad input into a 400 with the offending field paths', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: { people: [{ birthYear: 1990 }, { birthYear: 'x' }] },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 400, code: 'invalid_request' });
    expect(body.requestId).toEqual(expect.any(String));
    expect(body.details.map((d: { path: string }) => d.path)).toContain('body.people.1.birthYear');
  });

  it('answers a body that is not JSON, or of a type the route does not take, in the same shape', async () => {
    const broken = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"people": [',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({
      statusCode: 400,
      code: 'invalid_json',
      message: 'the body is not valid JSON',
      details: [{ path: 'body' }],
    });
    expect(broken.json().requestId).toEqual(expect.any(String));
    const xml = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<people/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({
      code: 'unsupported_media_type',
      details: [{ path: 'headers.content-type' }],
    });
  });

  it('hides the internals of a 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ statusCode: 500, code: 'internal_error', message: 'internal error' });
    expect(res.body).not.toContain('hunter2');
  });

  it('answers an unknown route in the same error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      statusCode: 404,
      code: 'not_found',
      message: 'route GET /nope not found',
    });
  });

  it('echoes a caller-supplied request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'abc-123' } });
    expect(res.json().requestId).toBe('abc-123');
  });
});

describe('rate limit behind a proxy', () => {
  /** Status codes of `requests` made in turn, each with its X-Forwarded-For (the proxy appends the client). */
  const statuses = async (trustProxy: string, forwardedFor: string[], url = '/v1/people') => {
    const { database, cleanup } = await migratedTestDatabase('pglite');
    const app = await buildApp({
      config: loadConfig({ TRUST_PROXY: trustProxy }),
      database,
      rateLimit: { max: 2, timeWindow: '1 minute' },
    });
    try {
      const out: number[] = [];
      for (const xff of forwardedFor) {
        out.push((await app.inject({ method: 'GET', url, headers: { 'x-forwarded-for': xff } })).statusCode);
      }
      return out;
    } finally {
      await app.close();
      await cleanup();
    }
  };
  const clients = ['10.1.1.1', '10.1.1.1', '10.2.2.2', '10.1.1.1'];

  it('counts each client behind a trusted proxy on its own, unauthenticated calls included', async () => {
    // 401s count too, so a key cannot be guessed at speed.
    expect(await statuses('true', clients)).toEqual([401, 401, 401, 429]);
  });

  it('with a hop count, believes only the address the proxy itself saw, not what the client wrote', async () => {
    // A client puts a fresh fake address in front of its own each time; the proxy appends the real one.
    const spoofed = clients.map((c, i) => `192.0.2.${i + 1}, ${c}`);
    expect(await statuses('1', spoofed)).toEqual([401, 401, 401, 429]);
    // TRUST_PROXY=true believes the leftmost address, which the client controls (README: use a hop count).
    expect(await statuses('true', spoofed)).toEqual([401, 401, 401, 401]);
  });

  it("answers a client over its allowance in the API's error shape, saying when to retry", async () => {
    const { database, cleanup } = await migratedTestDatabase('pglite');
    const app = await buildApp({
      config: loadConfig({}),
      database,
      rateLimit: { max: 1, timeWindow: '1 minute' },
    });
    try {
      await app.inject({ method: 'GET', url: '/v1/people' });
      const res = await app.inject({ method: 'GET', url: '/v1/people' });
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({
        statusCode: 429,
        code: 'rate_limited',
        requestId: expect.any(String),
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await app.close();
      await cleanup();
    }
  });

  it('without TRUST_PROXY, everyone behind the proxy shares one allowance', async () => {
    expect(await statuses('false', clients)).toEqual([401, 401, 429, 429]);
  });

  it('never limits the health checks', async () => {
    expect(await statuses('false', clients, '/health')).toEqual([200, 200, 200, 200]);
  });
});
