import { deliveries, posts } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../src/push/deliver';
import { replay } from '../../src/push/log';
import { runScheduledPush, startPushScheduler, sweepDue } from '../../src/push/schedule';
import { pushToSubscription } from '../../src/push/select';
import { buildWorld, type World } from '../fixtures';
import { type Step, startReceiver } from './receiver';
import { addSubscription, addWeldingPosts, fastDeps, outboxLeft, runUntilSettled, statusesOf } from './world';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.cleanup();
});

/** A subscription on a fresh receiver with `n` new posts of its own (other tests' posts match too). */
async function scenario(n: number, script: Step[]) {
  let secret = '';
  const receiver = await startReceiver(() => secret, script);
  const sub = await addSubscription(w, receiver.url);
  secret = sub.secret;
  const postIds = await addWeldingPosts(w, n, sub.id.slice(0, 8));
  const pushed = await pushToSubscription(w.database, sub.id, { postIds });
  return { receiver, sub, postIds, pushed };
}

describe('deliver against a misbehaving portal', () => {
  it('loses nothing and never delivers a post version twice as new through 500s, timeouts, resets, lost acks and slow bodies', async () => {
    const script: Step[] = [
      { status: 500 },
      'hang',
      'reset',
      'ack-lost',
      'slow-body',
      { status: 503 },
      'ack-lost',
      { status: 502 },
      'reset',
      'hang',
    ];
    const { receiver, sub, postIds, pushed } = await scenario(12, script);
    expect(pushed.new).toBe(12);
    const deps = fastDeps(w.database);
    await runUntilSettled(deps, sub.id);

    const rows = await statusesOf(w.database, sub.id);
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'delivered'));
    expect(
      await outboxLeft(
        w.database,
        rows.map((r) => r.id),
      ),
    ).toBe(0);
    // Every post processed exactly once as new; resends after lost acks carried the same key.
    const perVersion = receiver.newPerVersion();
    expect(perVersion.size).toBe(12);
    expect([...perVersion.values()].every((n) => n === 1)).toBe(true);
    expect(new Set([...receiver.processed.values()].map((r) => r.postId))).toEqual(new Set(postIds));
    expect(receiver.received.every((r) => r.signatureOk)).toBe(true);
    expect(receiver.received.length).toBeGreaterThan(12);
    await receiver.close();
  }, 30_000);

  it('honours 429 Retry-After before trying again', async () => {
    const { receiver, sub } = await scenario(1, [{ status: 429, retryAfter: '1' }]);
    const deps = fastDeps(w.database);
    await runUntilSettled(deps, sub.id);
    const [first, second] = receiver.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);
    expect((await statusesOf(w.database, sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    await receiver.close();
  }, 15_000);

  it('stops at a 4xx (dead, with the reason), and a manual replay delivers it with the same key', async () => {
    const { receiver, sub } = await scenario(1, [{ status: 400 }]);
    const deps = fastDeps(w.database);
    await runUntilSettled(deps, sub.id);
    const [dead] = await statusesOf(w.database, sub.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, lastError: 'HTTP 400' });

    expect(await replay(w.database.db, sub.id)).toBe(1);
    await runUntilSettled(deps, sub.id);
    expect((await statusesOf(w.database, sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(new Set(receiver.received.map((r) => r.key)).size).toBe(1);
    await receiver.close();
  }, 15_000);

  it('gives up after N attempts: dead, with why', async () => {
    const { receiver, sub } = await scenario(
      1,
      Array.from({ length: 10 }, () => ({ status: 500 })),
    );
    await runUntilSettled(fastDeps(w.database, { maxAttempts: 3 }), sub.id);
    expect((await statusesOf(w.database, sub.id))[0]).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'gave up after 3 attempts: HTTP 500',
    });
    expect(receiver.received).toHaveLength(3);
    await receiver.close();
  }, 15_000);

  it('a worker that dies mid-delivery leaves a lease; the next run takes over and the portal gets it once', async () => {
    const { receiver, sub } = await scenario(1, []);
    const [row] = await statusesOf(w.database, sub.id);
    // The "dead" worker: it claims the row and its request never comes back (process gone).
    const stuck = deliver(fastDeps(w.database, { fetch: () => new Promise(() => {}) }), {
      deliveryId: row!.id,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect((await statusesOf(w.database, sub.id))[0]!.status).toBe('delivering');
    // Before the lease ends nobody else sends it; after, the sweeper does.
    expect(await deliver(fastDeps(w.database), { deliveryId: row!.id })).toBe('skipped');
    await new Promise((r) => setTimeout(r, 450));
    await sweepDue(fastDeps(w.database));
    expect((await statusesOf(w.database, sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(receiver.processed.size).toBe(1);
    void stuck;
    await receiver.close();
  }, 15_000);

  it('a delivered row is a no-op when its job runs again', async () => {
    const { receiver, sub } = await scenario(1, []);
    const deps = fastDeps(w.database);
    await runUntilSettled(deps, sub.id);
    const [row] = await statusesOf(w.database, sub.id);
    expect(await deliver(deps, { deliveryId: row!.id })).toBe('skipped');
    expect(receiver.received).toHaveLength(1);
    await receiver.close();
  });

  it('closing a delivered post sends a withdrawal; pushing again sends nothing twice', async () => {
    const { receiver, sub, postIds } = await scenario(2, []);
    const deps = fastDeps(w.database);
    await runUntilSettled(deps, sub.id);
    // A status change bumps the version (as the posts repository does).
    await w.database.db.update(posts).set({ status: 'closed', version: 2 }).where(eq(posts.id, postIds[0]!));
    const again = await pushToSubscription(w.database, sub.id, { postIds });
    expect(again).toEqual({ new: 0, update: 0, withdrawal: 1 });
    expect(await pushToSubscription(w.database, sub.id, { postIds })).toEqual({
      new: 0,
      update: 0,
      withdrawal: 0,
    });
    await runUntilSettled(deps, sub.id);
    const events = [...receiver.processed.values()].map((r) => `${r.event}@${r.postVersion}`).sort();
    expect(events).toEqual(['post.new@1', 'post.new@1', 'post.withdrawal@2']);
    const withdrawal = await w.database.db.select().from(deliveries).where(eq(deliveries.kind, 'withdrawal'));
    expect(withdrawal.some((d) => d.postId === postIds[0])).toBe(true);
    await receiver.close();
  });
});

describe('the push scheduler', () => {
  it('the scheduled run pushes new posts to every active subscription; the sweeper sends what is due', async () => {
    const { receiver, sub } = await scenario(1, [{ status: 503 }]);
    const deps = fastDeps(w.database);
    const scheduler = startPushScheduler(deps, { sweepEveryMs: 50 });
    try {
      const [row] = await statusesOf(w.database, sub.id);
      expect(await deliver(deps, { deliveryId: row!.id })).toBe('retry');
      const until = Date.now() + 5_000;
      while ((await statusesOf(w.database, sub.id))[0]!.status !== 'delivered' && Date.now() < until) {
        await scheduler.wake();
      }
      expect((await statusesOf(w.database, sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });

      const [fresh] = await addWeldingPosts(w, 1, 'weekly');
      const totals = await runScheduledPush(deps);
      expect(totals.new).toBeGreaterThanOrEqual(2); // this subscription and the fixture's pull-only one
      const rows = await w.database.db.select().from(deliveries).where(eq(deliveries.postId, fresh!));
      expect(new Set(rows.map((r) => r.subscriptionId)).has(sub.id)).toBe(true);
    } finally {
      await scheduler.stop();
      await receiver.close();
    }
  });
});
