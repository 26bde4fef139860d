import { deliveries, portalSubscriptions } from '@qihang/shared/db/schema/index';
import { and, asc, eq, inArray, lt, lte, or } from 'drizzle-orm';
import { type DeliverDeps, deliver } from './deliver';
import { pushToSubscription } from './select';

export interface SweepOptions {
  /** Rows taken per sweep. */
  limit?: number;
  /** Attempts in flight at once. */
  concurrency?: number;
  /**
   * A `pending` row older than this has lost its queue job (e.g. Redis lost it and the relay could not
   * tell): the sweeper sends it itself. The claim in `deliver` makes a race with the queue harmless.
   */
  stalePendingMs?: number;
}

/**
 * Runs what is due: failed deliveries whose backoff is over, replays, and leases left by dead workers.
 * Why here and not in BullMQ: BullMQ's backoff cannot honour a per-response Retry-After, and a deliver job
 * id is deterministic per delivery (re-adding a completed job is a no-op), so retries are timed by the
 * row's `next_attempt_at`. Several sweepers may run; each row is claimed atomically by `deliver`.
 */
export async function sweepDue(deps: DeliverDeps, options: SweepOptions = {}): Promise<number> {
  const now = (deps.now ?? (() => new Date()))();
  const stale = new Date(now.getTime() - (options.stalePendingMs ?? 5 * 60_000));
  const due = await deps.database.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      or(
        and(inArray(deliveries.status, ['failed', 'delivering']), lte(deliveries.nextAttemptAt, now)),
        and(eq(deliveries.status, 'pending'), lt(deliveries.createdAt, stale)),
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(options.limit ?? 500);
  const ids = due.map((d) => d.id);
  let next = 0;
  const worker = async () => {
    for (let id = ids[next++]; id !== undefined; id = ids[next++]) await deliver(deps, { deliveryId: id });
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, ids.length) }, worker));
  return ids.length;
}

/** The weekly run: every active subscription gets its new, updated and withdrawn posts (all regions). */
export async function runScheduledPush(deps: Pick<DeliverDeps, 'database'>) {
  const subs = await deps.database.db
    .select({ id: portalSubscriptions.id })
    .from(portalSubscriptions)
    .where(eq(portalSubscriptions.active, true));
  const totals = { new: 0, update: 0, withdrawal: 0 };
  for (const s of subs) {
    const r = await pushToSubscription(deps.database, s.id);
    totals.new += r.new;
    totals.update += r.update;
    totals.withdrawal += r.withdrawal;
  }
  return totals;
}

export interface PushScheduler {
  /** Sweeps now (after a replay) instead of at the next tick. */
  wake(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sweeps every `sweepEveryMs` (default 2 s) and, when `pushEveryMs` is given (a week in production), runs
 * the scheduled push. One round at a time; errors are logged and the next round tries again.
 */
export function startPushScheduler(
  deps: DeliverDeps,
  options: SweepOptions & { sweepEveryMs?: number; pushEveryMs?: number } = {},
): PushScheduler {
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const round = (work: () => Promise<unknown>) => {
    chain = chain
      .then(() => (stopped ? undefined : work()))
      .catch((err) => deps.log?.error({ err: (err as Error).message }, 'push scheduler round failed'));
    return chain as Promise<void>;
  };
  const sweepAll = async () => {
    while (!stopped && (await sweepDue(deps, options)) >= (options.limit ?? 500)) {}
  };
  const timers = [setInterval(() => round(sweepAll), options.sweepEveryMs ?? 2_000)];
  if (options.pushEveryMs)
    timers.push(setInterval(() => round(() => runScheduledPush(deps)), options.pushEveryMs));
  for (const t of timers) t.unref();
  return {
    wake: () => round(sweepAll),
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await chain;
    },
  };
}
