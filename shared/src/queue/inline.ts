import { UnrecoverableError } from 'bullmq';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { outbox } from '../db/schema';
import type { Logger } from '../log';
import { assertHandlers, type JobHandlers, runHandler } from './runtime';

/** After this many failures an outbox entry is left for an operator (its last error says why). */
export const INLINE_MAX_ATTEMPTS = 8;

export interface DrainResult {
  handled: number;
  failed: number;
}

/**
 * The in-process runner used without Redis: the same handlers, fed straight from the outbox. An entry is
 * marked done only after its handler returns, so a crash mid-way runs it again on the next drain
 * (handlers are idempotent). Permanent failures (UnrecoverableError) are not retried.
 */
export async function drainOutboxInline<D>(
  database: Database,
  handlers: Partial<JobHandlers<D>>,
  deps: D,
  options: { batchSize?: number; log?: Logger; signal?: AbortSignal } = {},
): Promise<DrainResult> {
  assertHandlers(handlers);
  const result: DrainResult = { handled: 0, failed: 0 };
  const failedIds = new Set<number>();
  let reported = 0;
  for (;;) {
    const rows = await database.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.relayedAt), lt(outbox.attempts, INLINE_MAX_ATTEMPTS)))
      .orderBy(asc(outbox.id))
      .limit(options.batchSize ?? 200);
    const todo = rows.filter((r) => !failedIds.has(r.id));
    if (todo.length === 0) return result;
    // A long backlog (the demo's texts at first start) says how far it has got, every thousand or so jobs.
    if (result.handled >= reported + 1_000) {
      reported = result.handled;
      options.log?.info({ handled: result.handled, failed: result.failed }, 'background jobs under way');
    }
    for (const row of todo) {
      // Stopping (shutdown) waits for the job under way, not for the whole outbox.
      if (options.signal?.aborted) return result;
      try {
        await runHandler(handlers, deps, row.jobName, row.payload);
        await database.db.update(outbox).set({ relayedAt: sql`now()` }).where(eq(outbox.id, row.id));
        result.handled++;
      } catch (err) {
        const permanent = err instanceof UnrecoverableError;
        failedIds.add(row.id);
        result.failed++;
        options.log?.warn({ jobId: row.jobId, err: (err as Error).message }, 'inline job failed');
        await database.db
          .update(outbox)
          .set({
            attempts: permanent ? INLINE_MAX_ATTEMPTS : sql`${outbox.attempts} + 1`,
            lastError: `${permanent ? 'unrecoverable: ' : ''}${(err as Error).message}`.slice(0, 1000),
          })
          .where(eq(outbox.id, row.id));
      }
    }
  }
}

/** Drains the outbox now and then, and whenever `wake()` is called (e.g. after an upload). */
export function startInlineRunner<D>(
  database: Database,
  handlers: Partial<JobHandlers<D>>,
  deps: D,
  options: { intervalMs?: number; log?: Logger } = {},
) {
  assertHandlers(handlers);
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const abort = new AbortController();
  const tick = () => {
    running = running
      .then(() =>
        stopped
          ? undefined
          : drainOutboxInline(database, handlers, deps, { ...options, signal: abort.signal }).then((r) => {
              // Said for a backlog worth reporting (the demo's texts), not after every single write.
              if (r.handled + r.failed >= 100) options.log?.info({ ...r }, 'background jobs done');
            }),
      )
      .catch((err) => options.log?.error({ err }, 'inline runner failed'));
    return running;
  };
  const timer = setInterval(tick, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    wake: () => tick(),
    async stop() {
      stopped = true;
      abort.abort();
      clearInterval(timer);
      await running;
    },
  };
}
