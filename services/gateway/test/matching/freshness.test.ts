import { ChangeWatch } from '@qihang/matcher';
import { people, posts } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keepFresh } from '../../src/matching/freshness';
import { buildWorld, codes, fakeMatcher, type World } from '../fixtures';

/**
 * Reused answers (recommendation pages, who may see whom) kept for ten minutes here, so that only the change
 * watch can explain an answer changing within the test.
 */
const LONG = 600_000;
const headcountsOf = (body: { items: { post: { headcountLeft: number } }[] }) =>
  body.items.map((i) => i.post.headcountLeft);

/** A world whose gateway watches for changes every `changeWatchMs` and keeps pages for ten minutes. */
const watchedWorld = (matcher: ReturnType<typeof fakeMatcher>, changeWatchMs: number, keyCacheMs?: number) =>
  buildWorld({
    matcher,
    deps: (database) => ({
      changes: new ChangeWatch(database, 'test-model'),
      changeWatchMs,
      recommendationCacheMs: LONG,
      ...(keyCacheMs ? { auth: { keyCacheMs } } : {}),
    }),
  });

describe('reused answers follow writes made anywhere', () => {
  const matcher = fakeMatcher();
  let w: World;
  beforeAll(async () => {
    w = await watchedWorld(matcher, 50, LONG);
  });
  afterAll(async () => w.cleanup());

  it("shows a post changed by another process on a person's cached page within a moment", async () => {
    matcher.next.posts = [w.ids.jinanWeldingPost];
    const url = `/v1/people/${w.ids.xiangxiRural}/recommendations?limit=3`;
    expect(headcountsOf((await w.inject('bureau', { method: 'GET', url })).json())).toEqual([5]);
    // Another gateway, a worker or a placement recorded elsewhere: not through this app.
    await w.database.db.update(posts).set({ filledCount: 2 }).where(eq(posts.id, w.ids.jinanWeldingPost));
    await vi.waitFor(
      async () =>
        expect(headcountsOf((await w.inject('bureau', { method: 'GET', url })).json())).toEqual([3]),
      { timeout: 5_000, interval: 50 },
    );
  });

  it("stops showing a person's recommendations to a bureau once another process moved them out of its region", async () => {
    const url = `/v1/people/${w.ids.xiangxiRural}/recommendations?limit=3`;
    expect((await w.inject('bureau', { method: 'GET', url })).statusCode).toBe(200);
    await w.database.db
      .update(people)
      .set({ originRegionCode: codes.liucheng })
      .where(eq(people.id, w.ids.xiangxiRural));
    await vi.waitFor(
      async () => expect((await w.inject('bureau', { method: 'GET', url })).statusCode).toBe(404),
      { timeout: 5_000, interval: 50 },
    );
    expect((await w.inject('liuchengBureau', { method: 'GET', url })).statusCode).toBe(200);
  });
});

describe('a write through this gateway', () => {
  const matcher = fakeMatcher();
  let w: World;
  beforeAll(async () => {
    // The watch reads only at start and after writes here: no timer can explain what the test sees.
    w = await watchedWorld(matcher, LONG);
  });
  afterAll(async () => w.cleanup());

  it("is on every person's cached page by the time it is answered", async () => {
    matcher.next.posts = [w.ids.jinanWeldingPost];
    const url = `/v1/people/${w.ids.xiangxiRehab}/recommendations?limit=3`;
    expect(headcountsOf((await w.inject('bureau', { method: 'GET', url })).json())).toEqual([5]);
    const patched = await w.inject('employer', {
      method: 'PATCH',
      url: `/v1/posts/${w.ids.jinanWeldingPost}`,
      payload: { headcount: 8 },
    });
    expect(patched.statusCode).toBe(200);
    expect(headcountsOf((await w.inject('bureau', { method: 'GET', url })).json())).toEqual([8]);
  });
});

describe('when the database cannot be asked what changed', () => {
  it('drops every reused answer, says so once, and says when it reads again', async () => {
    const cleared: string[] = [];
    const caches = {
      recommendations: { clear: () => cleared.push('pages'), forget: () => {} },
      visibility: { clear: () => cleared.push('visibility'), forget: () => {} },
    };
    let fail = true;
    const log = { warn: vi.fn(), info: vi.fn() };
    const fresh = keepFresh(
      {
        read: async () => {
          if (fail) throw new Error('connection lost');
          return { all: false, posts: false, people: [] };
        },
      },
      caches,
      { intervalMs: LONG, log: log as never },
    );
    await fresh.refresh();
    await fresh.refresh();
    expect(cleared).toEqual(['pages', 'visibility', 'pages', 'visibility']);
    expect(log.warn).toHaveBeenCalledTimes(1);
    fail = false;
    await fresh.refresh();
    expect(cleared).toHaveLength(4);
    expect(log.info).toHaveBeenCalledWith('change watch reads again');
  });
});
