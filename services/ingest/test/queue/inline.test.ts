import { randomUUID } from 'node:crypto';
import { outbox } from '@qihang/shared/db/schema/index';
import { drainOutboxInline, startInlineRunner } from '@qihang/shared/queue/inline';
import { enqueueInTx } from '@qihang/shared/queue/outbox';
import { createQueueWorkers, MissingHandlersError } from '@qihang/shared/queue/runtime';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { UnrecoverableError } from 'bullmq';
import { isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEffectsTable, effectKey, effects, recordingHandlers } from './effects';

let t: Awaited<ReturnType<typeof migratedTestDatabase>>;
beforeAll(async () => {
  t = await migratedTestDatabase('pglite');
  await createEffectsTable(t.database);
});
afterAll(async () => {
  await t?.cleanup();
});

const embed = () => ({
  ownerType: 'post' as const,
  ownerId: randomUUID(),
  contentHash: randomUUID().replaceAll('-', ''),
});

describe('in-process runner (no REDIS_URL)', () => {
  it('runs the same handlers straight from the outbox, once each', async () => {
    await t.database.db.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) await enqueueInTx(tx, 'embed', embed());
    });
    const handlers = recordingHandlers(t.database);
    expect(await drainOutboxInline(t.database, handlers, {})).toEqual({ handled: 20, failed: 0 });
    expect(await drainOutboxInline(t.database, handlers, {})).toEqual({ handled: 0, failed: 0 });
    expect((await effects(t.database)).every((e) => e.calls === 1)).toBe(true);
  });

  it('retries failures later and gives up at once on an UnrecoverableError', async () => {
    await t.database.db.transaction(async (tx) => {
      await enqueueInTx(tx, 'embed', embed());
      await enqueueInTx(tx, 'reindex', { ownerType: 'post', model: 'bge-small-zh-v1.5' });
    });
    const handlers = {
      ...recordingHandlers(t.database),
      embed: async () => {
        throw new Error('model busy');
      },
      reindex: async () => {
        throw new UnrecoverableError('no such model');
      },
    };
    expect(await drainOutboxInline(t.database, handlers, {})).toEqual({ handled: 0, failed: 2 });
    const waiting = await t.database.db.select().from(outbox).where(isNull(outbox.relayedAt));
    expect(waiting.map((w) => [w.jobName, w.attempts, w.lastError])).toEqual([
      ['embed', 1, 'model busy'],
      ['reindex', 8, 'unrecoverable: no such model'],
    ]);
  });

  it('refuses to start without a handler for every job name', async () => {
    const { deliver: _d, ...partial } = recordingHandlers(t.database);
    await expect(drainOutboxInline(t.database, partial, {})).rejects.toThrow(MissingHandlersError);
    expect(() => createQueueWorkers('redis://127.0.0.1:1', partial, {})).toThrow(
      'no handler registered for job(s): deliver',
    );
  });

  it('gives timers and I/O their turn between jobs, so a backlog does not hold requests back', async () => {
    const jobs = Array.from({ length: 40 }, embed);
    await t.database.db.transaction(async (tx) => {
      for (const j of jobs) await enqueueInTx(tx, 'embed', j);
    });
    const handlers = recordingHandlers(t.database);
    const mine = new Set(jobs.map(effectKey));
    let handled = 0;
    let handledWhenTimerRan = -1;
    const counting: typeof handlers = {
      ...handlers,
      embed: async (d, p) => {
        await handlers.embed(d, p);
        if (mine.has(effectKey(p))) handled++;
      },
    };
    // What an HTTP request or a signal needs: a turn of the event loop while the backlog drains.
    setTimeout(() => {
      handledWhenTimerRan = handled;
    }, 0);
    await drainOutboxInline(t.database, counting, {});
    expect(handled).toBe(40);
    expect(handledWhenTimerRan).toBeGreaterThanOrEqual(0);
    expect(handledWhenTimerRan).toBeLessThan(5);
  });

  it('holds jobs back while paused (an upload runs), finishing the one under way, and runs them on resume', async () => {
    const jobs = Array.from({ length: 8 }, embed);
    const keys = jobs.map(effectKey);
    const done = async () => (await effects(t.database)).filter((e) => keys.includes(e.job_id)).length;
    const runner = startInlineRunner(t.database, recordingHandlers(t.database, 40), {}, { intervalMs: 20 });
    try {
      await t.database.db.transaction(async (tx) => {
        for (const j of jobs) await enqueueInTx(tx, 'embed', j);
      });
      runner.wake();
      await new Promise((r) => setTimeout(r, 100));
      const resume = runner.pause();
      // The job under way finishes: wait until the count stops moving.
      let held = await done();
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const now = await done();
        if (now === held) break;
        held = now;
      }
      expect(held).toBeLessThan(8);
      await new Promise((r) => setTimeout(r, 300)); // the timer ticks, nothing more runs
      expect(await done()).toBe(held);
      resume();
      for (let i = 0; i < 100 && (await done()) < 8; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await done()).toBe(8);
    } finally {
      await runner.stop();
    }
  });
});
