import { createHmac } from 'node:crypto';
import { apiKeys } from '@qihang/shared/db/schema/index';
import { type Role, roles } from '@qihang/shared/domain/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey, verifyKey } from '../../src/auth/keys';
import { createAdminKey } from '../../src/cli/admin-key';
import type { IngestPort } from '../../src/ports';
import { buildWorld, fakeMatcher, type World } from '../fixtures';

/**
 * The access policy, reviewed by a person: every route the app registers must be in this table with exactly
 * these roles, so a new route (or a changed one) cannot slip through without someone looking at it.
 */
const A = 'admin',
  B = 'bureau',
  F = 'facility',
  O = 'organizer',
  E = 'employer',
  P = 'portal';
const policy: Record<string, Role[]> = {
  'GET /v1/me': [A, B, F, O, E, P],
  'POST /v1/auth/sign-out': [A, B, F, O, E, P],
  'POST /v1/auth/sign-out-others': [A, B, F, O, E, P],
  'POST /v1/auth/password': [A, B, F, O, E, P],
  'POST /v1/admin/users': [A],
  'GET /v1/admin/users': [A],
  'POST /v1/admin/users/:id/keys': [A],
  'DELETE /v1/admin/keys/:id': [A],
  'POST /v1/admin/accounts': [A],
  'GET /v1/admin/accounts': [A],
  'POST /v1/admin/accounts/:id/reset-password': [A],
  'POST /v1/admin/accounts/:id/unlock': [A],
  'POST /v1/admin/accounts/:id/disable': [A],
  'POST /v1/admin/accounts/:id/enable': [A],
  'GET /v1/admin/audit': [A],
  'GET /v1/people': [A, B, F],
  'GET /v1/people/search': [A, B, F],
  'GET /v1/people/:id': [A, B, F],
  'POST /v1/people': [A, B, F],
  'PATCH /v1/people/:id': [A, B, F],
  'POST /v1/people/:id/close': [A, B, F],
  'POST /v1/people/:id/erase': [A, B, F],
  'GET /v1/people/:id/consents': [A, B, F],
  'POST /v1/people/:id/consents': [A, B, F],
  'DELETE /v1/people/:id/consents/:purpose': [A, B, F],
  'GET /v1/posts': [A, B, E, O, P],
  'GET /v1/posts/:id': [A, B, E, O, P],
  'POST /v1/posts': [A, B, E],
  'PATCH /v1/posts/:id': [A, B, E],
  'POST /v1/posts/:id/close': [A, B, E],
  'POST /v1/posts/:id/reopen': [A, B, E],
  'GET /v1/employers': [A, B, E],
  'GET /v1/employers/:id': [A, B, E],
  'POST /v1/employers': [A, B],
  'PATCH /v1/employers/:id': [A, B, E],
  'POST /v1/employers/:id/close': [A, B],
  'POST /v1/employers/:id/reopen': [A, B],
  'GET /v1/training-courses': [A, B, F, O],
  'GET /v1/training-courses/:id': [A, B, F, O],
  'POST /v1/training-courses': [A, B],
  'PATCH /v1/training-courses/:id': [A, B],
  'DELETE /v1/training-courses/:id': [A, B],
  'GET /v1/four-counts': [A, B],
  'POST /v1/fairs': [A, B, O],
  'GET /v1/fairs/:id': [A, B, O],
  'POST /v1/fairs/:id/approve': [A, B],
  'GET /v1/fairs/:id/people': [A, B, O],
  'POST /v1/fairs/:id/posts': [A, B, O],
  'POST /v1/fairs/:id/participants': [A, B, O],
  'POST /v1/fairs/:id/shortlists': [A, B, O],
  'GET /v1/fairs/:id/shortlists': [A, B, O],
  'GET /v1/fairs/:id/exports/:kind': [A, B, O],
  'POST /v1/intents': [A, B, O],
  'POST /v1/placements': [A, B, F],
  'POST /v1/placements/:id/retention-checks': [A, B, F],
  'GET /v1/reports/placement-rate': [A, B],
  'GET /v1/reports/weekly': [A, B],
  'GET /v1/reports/training-demand': [A, B, F],
  'GET /v1/reports/training-plan': [A, B, F],
  'GET /v1/people/:id/recommendations': [A, B, F],
  'GET /v1/people/:id/near-misses': [A, B, F],
  'GET /v1/posts/:id/candidates': [A, B, E],
  'POST /v1/uploads/:kind': [A, B, F],
  'GET /v1/uploads/:id': [A, B, F],
  'GET /v1/uploads': [A, B, F],
  'GET /v1/uploads/:id/rejected-rows.xlsx': [A, B, F],
  'GET /v1/uploads/:id/rejected-rows': [A, B, F],
  'PATCH /v1/rejected-rows/:id': [A, B, F],
  'GET /v1/portals': [A, B],
  'POST /v1/portals': [A, B],
  'GET /v1/portal-subscriptions': [A, B, P],
  'POST /v1/portal-subscriptions': [A, B],
  'GET /v1/portal-subscriptions/:id': [A, B, P],
  'PATCH /v1/portal-subscriptions/:id': [A, B],
  'POST /v1/portal-subscriptions/:id/push': [A, B],
  'GET /v1/portal-subscriptions/:id/deliveries': [A, B],
  'POST /v1/portal-subscriptions/:id/replay': [A, B],
  'GET /v1/portal-subscriptions/:id/feed': [A, B, P],
  'POST /v1/rejected-rows/:id/resubmit': [A, B, F],
};

/** A signed-in person's own session routes: a key is refused there (401), whatever its role. */
const sessionOnly = new Set([
  'POST /v1/auth/sign-out',
  'POST /v1/auth/sign-out-others',
  'POST /v1/auth/password',
]);

const refuse = async () => {
  throw new Error('not reached in this test');
};
const ingest: IngestPort = {
  ingestFile: refuse,
  getBatchReport: refuse,
  listRejectedRows: refuse,
  correctRejectedRow: refuse,
  resubmitRejectedRow: refuse,
};

const fill = (url: string) =>
  url
    .replace(':id', '00000000-0000-4000-8000-000000000000')
    .replace(':kind', 'people')
    .replace(':purpose', 'employer_matching');

let w: World;
beforeAll(async () => {
  w = await buildWorld({ matcher: fakeMatcher(), ingest });
});
afterAll(async () => {
  await w?.cleanup();
});

describe('authorization table', () => {
  const guarded = () => w.app.routeAccess.filter((r) => !r.public && r.method !== 'HEAD');

  it('every registered route is public or in the reviewed policy, with exactly its roles', () => {
    const registered = guarded().map((r) => `${r.method} ${r.url}`);
    expect(registered.sort()).toEqual(Object.keys(policy).sort());
    for (const r of guarded()) {
      expect([...(r.roles ?? [])].sort(), `${r.method} ${r.url}`).toEqual(
        [...policy[`${r.method} ${r.url}`]!].sort(),
      );
    }
    const open = w.app.routeAccess.filter((r) => r.public).map((r) => r.url);
    expect(
      open.every(
        (u) =>
          ['/health', '/ready', '/v1/auth/sign-in', '/v1/auth/session'].includes(u) || u.startsWith('/docs'),
      ),
    ).toBe(true);
  });

  it('refuses every role a route does not list, lets the others past the role check, and wants a key', async () => {
    const failures: string[] = [];
    for (const r of guarded()) {
      const url = fill(r.url);
      const method = r.method as 'GET';
      const anonymous = await w.inject(null, {
        method,
        url,
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      if (anonymous.statusCode !== 401)
        failures.push(`${r.method} ${r.url} without key → ${anonymous.statusCode}`);
      for (const role of roles) {
        const res = await w.inject(role, {
          method,
          url,
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }),
        });
        if (sessionOnly.has(`${r.method} ${r.url}`)) {
          if (res.statusCode !== 401) failures.push(`${r.method} ${r.url} with a key → ${res.statusCode}`);
          continue;
        }
        const refused = res.statusCode === 403 && res.json().code === 'role_not_allowed';
        const allowed = policy[`${r.method} ${r.url}`]!.includes(role);
        if (allowed === refused || res.statusCode === 401) {
          failures.push(`${r.method} ${r.url} as ${role} → ${res.statusCode} ${res.body.slice(0, 80)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('fails closed: a route without roles refuses every key', async () => {
    const { app, keys } = w;
    // A fresh app, so a route can still be added before it is ready.
    const again = await (await import('../../src/app')).buildApp({
      config: (await import('@qihang/shared/config/index')).loadConfig({}),
      database: w.database,
      rateLimit: false,
    });
    again.get('/v1/forgotten', async () => ({ leaked: true }));
    await again.ready();
    const res = await again.inject({
      method: 'GET',
      url: '/v1/forgotten',
      headers: { 'x-api-key': keys.admin },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('role_not_allowed');
    await again.close();
    expect(app).toBeDefined();
  });
});

describe('OpenAPI', () => {
  it('documents every route with its key or session requirement, and the Candidate schema without personal fields', async () => {
    const doc = (await w.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const entry of Object.keys(policy)) {
      const [method, url] = entry.split(' ') as [string, string];
      const op = doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      expect(op, entry).toBeDefined();
      expect(op.security, entry).toEqual(
        sessionOnly.has(entry) ? [{ session: [] }] : [{ apiKey: [] }, { session: [] }],
      );
      expect(op.summary, entry).toEqual(expect.any(String));
    }
    const candidate = Object.keys(doc.components.schemas.Candidate.properties);
    for (const f of [
      'name',
      'idNumber',
      'idNumberHash',
      'phone',
      'statusCategory',
      'facilityId',
      'workHistory',
    ]) {
      expect(candidate).not.toContain(f);
    }
  });
});

describe('scopes', () => {
  it('a 湘西 bureau cannot read 柳城 people, and the 柳城 bureau cannot read 湘西 people', async () => {
    expect(
      (await w.inject('bureau', { method: 'GET', url: `/v1/people/${w.ids.liuchengPerson}` })).statusCode,
    ).toBe(404);
    expect(
      (await w.inject('bureau', { method: 'GET', url: `/v1/people/${w.ids.xiangxiRural}` })).statusCode,
    ).toBe(200);
    expect(
      (await w.inject('liuchengBureau', { method: 'GET', url: `/v1/people/${w.ids.xiangxiRural}` }))
        .statusCode,
    ).toBe(404);
    const list = await w.inject('bureau', { method: 'GET', url: '/v1/people' });
    const ids = list.json().items.map((p: { id: string }) => p.id);
    expect(ids.sort()).toEqual([w.ids.xiangxiRehab, w.ids.xiangxiRural].sort());
    const four = await w.inject('bureau', { method: 'GET', url: '/v1/four-counts?region=450222' });
    expect(four.statusCode).toBe(403);
  });

  it('a facility sees only its own people; an organizer no person records', async () => {
    const list = await w.inject('facility', { method: 'GET', url: '/v1/people' });
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([w.ids.xiangxiRehab]);
    expect(
      (await w.inject('facility', { method: 'GET', url: `/v1/people/${w.ids.xiangxiRural}` })).statusCode,
    ).toBe(404);
    expect((await w.inject('organizer', { method: 'GET', url: '/v1/people' })).statusCode).toBe(403);
  });

  it('an employer sees only its own posts; a portal only the posts its subscriptions select', async () => {
    const mine = await w.inject('employer', { method: 'GET', url: '/v1/posts' });
    expect(mine.json().items.map((p: { id: string }) => p.id)).toEqual([w.ids.jinanWeldingPost]);
    expect(
      (await w.inject('employer', { method: 'GET', url: `/v1/posts/${w.ids.jinanPlainPost}` })).statusCode,
    ).toBe(404);
    const feed = await w.inject('portal', { method: 'GET', url: '/v1/posts' });
    expect(feed.json().items.map((p: { id: string }) => p.id)).toEqual([w.ids.jinanWeldingPost]);
  });

  it('a facility cannot register someone into another facility; a bureau not outside its region', async () => {
    const other = await w.inject('facility', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '赵六', originRegionCode: '433122', facilityId: w.ids.liuchengStation },
    });
    // Another facility reads as one that does not exist (auth/references.ts), naming the field.
    expect(other.statusCode).toBe(422);
    expect(other.json().details[0].path).toBe('body.facilityId');
    const outside = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '赵六', originRegionCode: '450222' },
    });
    expect(outside.statusCode).toBe(403);
  });
});

describe('API keys', () => {
  it('hashes keys as HMAC-SHA256 under the scheme key, so keys issued before stay valid', () => {
    const prefix = '0123456789ab';
    const secret = 'A'.repeat(43);
    const expected = createHmac('sha256', 'qihang-api-key-v1').update(`${prefix}.${secret}`).digest('hex');
    expect(hashKey(prefix, secret)).toBe(`hmac-sha256:${expected}`);
    expect(verifyKey(prefix, secret, `hmac-sha256:${expected}`)).toBe(true);
    expect(verifyKey(prefix, `${'A'.repeat(42)}B`, `hmac-sha256:${expected}`)).toBe(false);
  });

  it('creates a user with a key shown once and stored only as a hash', async () => {
    const res = await w.inject('admin', {
      method: 'POST',
      url: '/v1/admin/users',
      payload: {
        name: '泸溪县人社局',
        role: 'bureau',
        regionCode: '433122',
        key: { label: 'ops', expiresInDays: 90 },
      },
    });
    expect(res.statusCode).toBe(201);
    const { user, key } = res.json();
    expect(key.key).toMatch(/^qh_[0-9a-f]{12}_[\w-]{43}$/);
    const [row] = await w.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.keyHash).not.toContain(key.key.split('_').pop());
    expect(row!.keyHash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const listed = await w.inject('admin', { method: 'GET', url: '/v1/admin/users' });
    expect(listed.body).not.toContain(key.key);
    const me = await w.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-api-key': key.key } });
    expect(me.json()).toMatchObject({ id: user.id, role: 'bureau', regionCode: '433122' });
    const [used] = await w.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(used!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('requires the scope field of the role, with field paths', async () => {
    const res = await w.inject('admin', {
      method: 'POST',
      url: '/v1/admin/users',
      payload: { name: 'x', role: 'bureau', facilityId: w.ids.xiangxiCentre },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body.facilityId', 'body.regionCode']);
  });

  it('refuses a revoked key at once, an expired key, and a wrong secret', async () => {
    const created = (
      await w.inject('admin', {
        method: 'POST',
        url: '/v1/admin/users',
        payload: { name: 'tmp', role: 'organizer' },
      })
    ).json();
    const key: string = created.key.key;
    expect(
      (await w.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-api-key': key } })).statusCode,
    ).toBe(200);
    const wrong = `${key.slice(0, -4)}AAAA`;
    expect(
      (await w.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-api-key': wrong } })).json().message,
    ).toBe('the API key is not valid');
    // The refusal came from the cached check of a key already proven; it leaves the right secret working.
    expect(
      (await w.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-api-key': key } })).statusCode,
    ).toBe(200);
    const revoke = await w.inject('admin', { method: 'DELETE', url: `/v1/admin/keys/${created.key.id}` });
    expect(revoke.statusCode).toBe(200);
    const after = await w.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-api-key': key } });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toBe('the API key has been revoked');

    const fresh = (
      await w.inject('admin', { method: 'POST', url: `/v1/admin/users/${created.user.id}/keys`, payload: {} })
    ).json();
    await w.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, fresh.id));
    w.app.forgetKey(fresh.prefix);
    const expired = await w.app.inject({ method: 'GET', url: '/v1/me', headers: { 'x-api-key': fresh.key } });
    expect(expired.json()).toMatchObject({ statusCode: 401, message: 'the API key has expired' });
  });

  it('createAdminKey makes the first admin key (the CLI)', async () => {
    const { key } = await createAdminKey(w.database, { name: '运维' });
    const res = await w.app.inject({
      method: 'GET',
      url: '/v1/admin/users',
      headers: { 'x-api-key': key.key },
    });
    expect(res.statusCode).toBe(200);
  });
});
