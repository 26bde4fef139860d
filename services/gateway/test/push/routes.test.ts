import { loadConfig } from '@qihang/shared/config/index';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepo } from '../../src/auth/users';
import { buildWorld, codes, type World } from '../fixtures';
import { startReceiver } from './receiver';
import { fastDeps, receiverRange, runUntilSettled } from './world';

let w: World;
let jinanBureau: string;
beforeAll(async () => {
  w = await buildWorld({ deps: () => ({ config: loadConfig({ PUSH_PRIVATE_TARGETS: receiverRange }) }) });
  // The destination city's bureau: it pushes 济南's posts to the origin county's portal.
  const users = usersRepo(w.database.db);
  const user = await users.create({ name: '济南市人社局', role: 'bureau', regionCode: codes.jinan });
  jinanBureau = (await users.issueKey(user.id, { expiresInDays: 1 })).key;
});
afterAll(async () => {
  await w?.cleanup();
});

const as = (key: string, opts: InjectOptions) =>
  w.app.inject({ ...opts, headers: { ...(opts.headers ?? {}), 'x-api-key': key } });

describe('a bureau pushes posts to a portal through the API', () => {
  it('subscribes, pushes, watches the log, replays a failure; the portal verifies signatures and pulls the feed', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret, [{ status: 400 }]);
    const created = await as(jinanBureau, {
      method: 'POST',
      url: '/v1/portal-subscriptions',
      payload: { portalId: w.ids.portal, targetUrl: receiver.url, regionCodes: [codes.jinan] },
    });
    expect(created.statusCode).toBe(201);
    const sub = created.json();
    secret = sub.signingSecret;
    expect(secret).toMatch(/^whsec_/);
    const read = await w.inject('portal', { method: 'GET', url: `/v1/portal-subscriptions/${sub.id}` });
    expect(read.statusCode).toBe(200);
    expect(JSON.stringify(read.json())).not.toContain('whsec_');

    // A subscription to 济南's posts is the 济南 bureau's: the 湘西 bureau cannot push, change or replay it.
    for (const [method, url, payload] of [
      ['POST', `/v1/portal-subscriptions/${sub.id}/push`, {}],
      ['PATCH', `/v1/portal-subscriptions/${sub.id}`, { regionCodes: [] }],
      ['POST', `/v1/portal-subscriptions/${sub.id}/replay`, {}],
    ] as const) {
      expect((await w.inject('bureau', { method, url, payload })).statusCode, url).toBe(404);
    }
    // Nor may a bureau subscribe a portal to every region's posts, or to another region's.
    for (const regionCodes of [[], [codes.liucheng]]) {
      const wide = await w.inject('bureau', {
        method: 'POST',
        url: '/v1/portal-subscriptions',
        payload: { portalId: w.ids.portal, targetUrl: null, regionCodes },
      });
      expect(wide.statusCode).toBe(422);
      expect(wide.json().details[0].path).toBe('body.regionCodes');
    }
    const pushed = await as(jinanBureau, {
      method: 'POST',
      url: `/v1/portal-subscriptions/${sub.id}/push`,
      payload: {},
    });
    expect(pushed.json()).toEqual({ new: 2, update: 0, withdrawal: 0 });

    const deps = fastDeps(w.database);
    await runUntilSettled(deps, sub.id);
    const log = await as(jinanBureau, {
      method: 'GET',
      url: `/v1/portal-subscriptions/${sub.id}/deliveries`,
    });
    expect(log.json().counts).toMatchObject({ delivered: 1, dead: 1 });
    const dead = log.json().items.find((d: { status: string }) => d.status === 'dead');
    expect(dead).toMatchObject({ attempts: 1, lastError: 'HTTP 400', kind: 'new' });

    const replayed = await as(jinanBureau, {
      method: 'POST',
      url: `/v1/portal-subscriptions/${sub.id}/replay`,
      payload: {},
    });
    expect(replayed.json()).toEqual({ replayed: 1 });
    await runUntilSettled(deps, sub.id);
    const after = await as(jinanBureau, {
      method: 'GET',
      url: `/v1/portal-subscriptions/${sub.id}/deliveries?status=delivered`,
    });
    expect(after.json().items).toHaveLength(2);
    expect(receiver.received.every((r) => r.signatureOk)).toBe(true);
    expect(receiver.newPerVersion().size).toBe(2);

    // The feed: same events, cursor and ETag.
    const feed = await w.inject('portal', {
      method: 'GET',
      url: `/v1/portal-subscriptions/${sub.id}/feed?limit=1`,
    });
    expect(feed.statusCode).toBe(200);
    expect(feed.json().items[0]).toMatchObject({ event: 'post.new', post: { title: expect.any(String) } });
    const etag = feed.headers.etag as string;
    const again = await w.inject('portal', {
      method: 'GET',
      url: `/v1/portal-subscriptions/${sub.id}/feed?limit=1`,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    const next = await w.inject('portal', {
      method: 'GET',
      url: `/v1/portal-subscriptions/${sub.id}/feed?cursor=${feed.json().nextCursor}`,
    });
    const keys = [
      feed.json().items[0].idempotencyKey,
      ...next.json().items.map((i: { idempotencyKey: string }) => i.idempotencyKey),
    ];
    expect(new Set(keys)).toEqual(new Set(receiver.processed.keys()));
    await receiver.close();
  }, 30_000);

  it('a portal reads only its own subscriptions; bureaus register portals', async () => {
    const portal = await as(jinanBureau, {
      method: 'POST',
      url: '/v1/portals',
      payload: { name: '柳城就业网', regionCode: codes.liucheng },
    });
    expect(portal.statusCode).toBe(201);
    const other = await as(jinanBureau, {
      method: 'POST',
      url: '/v1/portal-subscriptions',
      payload: { portalId: portal.json().id, targetUrl: null, regionCodes: [codes.jinan] },
    });
    expect(other.statusCode).toBe(201);
    const id = other.json().id;
    for (const url of [`/v1/portal-subscriptions/${id}`, `/v1/portal-subscriptions/${id}/feed`]) {
      expect((await w.inject('portal', { method: 'GET', url })).statusCode).toBe(404);
    }
    const mine = await w.inject('portal', { method: 'GET', url: '/v1/portal-subscriptions' });
    expect(mine.json().items.every((s: { portalId: string }) => s.portalId === w.ids.portal)).toBe(true);
    // A pull-only subscription: pushed events are in its feed at once.
    const pushed = await as(jinanBureau, {
      method: 'POST',
      url: `/v1/portal-subscriptions/${id}/push`,
      payload: {},
    });
    expect(pushed.json().new).toBe(2);
    const feed = await as(jinanBureau, { method: 'GET', url: `/v1/portal-subscriptions/${id}/feed` });
    expect(feed.json().items).toHaveLength(2);
    const bad = await as(jinanBureau, {
      method: 'POST',
      url: '/v1/portal-subscriptions',
      payload: { portalId: portal.json().id, targetUrl: 'ftp://x', regionCodes: ['999999'] },
    });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
  });
});
