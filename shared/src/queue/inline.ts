import { UnrecoverableError } from 'bullmq';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { outbox } from '../db/schema';
import type { Logger } from '../log';
import { nextTurn } from '../util/turn';
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
 *
 * Between jobs the process's other work gets its turn: with the embedded database every query runs on this
 * thread and resolves at once, so a backlog drained as one chain of promises kept requests (health checks
 * included) and signals waiting for minutes. `paused` (checked before each job) stops the drain early.
 */
export async function drainOutboxInline<D>(
  database: Database,
  handlers: Partial<JobHandlers<D>>,
  deps: D,
  options: { batchSize?: number; log?: Logger; signal?: AbortSignal; paused?: () => boolean } = {},
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
      await nextTurn();
      // Stopping (shutdown) waits for the job under way, not for the whole outbox.
      if (options.signal?.aborted || options.paused?.()) return result;
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
  let holds = 0;
  const paused = () => holds > 0;
  const abort = new AbortController();
  const tick = () => {
    running = running
      .then(() =>
        stopped || paused()
          ? undefined
          : drainOutboxInline(database, handlers, deps, { ...options, signal: abort.signal, paused }).then(
              (r) => {
                // Said for a backlog worth reporting (the demo's texts), not after every single write.
                if (r.handled + r.failed >= 100)
                  options.log?.info(
                    { ...r },
                    abort.signal.aborted
                      ? 'background jobs stopped'
                      : paused()
                        ? 'background jobs held for an upload'
                        : 'background jobs done',
                  );
              },
            ),
      )
      .catch((err) => options.log?.error({ err }, 'inline runner failed'));
    return running;
  };
  const timer = setInterval(tick, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    wake: () => tick(),
    /**
     * Holds the jobs back (the job under way finishes) until the returned function is called: an upload
     * on the embedded database runs at full speed, and the embedding of its rows follows it.
     */
    pause(): () => void {
      holds++;
      let resumed = false;
      return () => {
        if (resumed) return;
        resumed = true;
        holds--;
        if (holds === 0) void tick();
      };
    },
    async stop() {
      stopped = true;
      abort.abort();
      clearInterval(timer);
      await running;
    },
  };
}
