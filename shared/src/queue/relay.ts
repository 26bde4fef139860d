import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import IORedis from 'ioredis';
import type { Database } from '../db/client';
import { outbox, systemState } from '../db/schema';
import type { Logger } from '../log';
import type { JobName } from './contract';
import { allJobNames, defaultJobOptions, queueNameFor } from './runtime';

export interface RelayOptions {
  /** Outbox rows claimed per round. */
  batchSize?: number;
  /**
   * When Redis comes back as a new server (restarted without its data), rows relayed within this window
   * are relayed again: their jobs may have been lost with it. Deterministic job ids make the repeat
   * harmless where the jobs survived.
   */
  rewindWindowMs?: number;
  log?: Logger;
}

export interface OutboxRelay {
  /** Moves one batch of outbox rows to the queues; returns how many were relayed. */
  relayOnce(): Promise<number>;
  /** Relays until the outbox is empty. */
  drain(): Promise<number>;
  /** Relays every `intervalMs` until stopped; Redis errors are logged and retried next round. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

type Claimed = { id: number; job_name: string; job_id: string; payload: unknown };

/** PGlite answers `{ rows }`, postgres.js an array. */
const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
const knownNames = sql.join(
  allJobNames.map((n) => sql`${n}`),
  sql`, `,
);

const RUN_ID_KEY = 'queue_redis_run_id';
const READY_TIMEOUT_MS = 2_000;

/**
 * Relays the outbox to BullMQ. Each round claims unrelayed rows with FOR UPDATE SKIP LOCKED (so several
 * relay processes share the work), adds them with their deterministic job ids, and marks them relayed in
 * the same transaction. If Redis is unreachable the add fails fast, the transaction records the attempt,
 * and the rows stay for the next round.
 */
export function createOutboxRelay(
  database: Database,
  redisUrl: string,
  options: RelayOptions = {},
): OutboxRelay {
  const connection = new IORedis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connection.on('error', () => {});
  const queues = new Map(
    allJobNames.map((n) => {
      const queue = new Queue(queueNameFor(n), { connection, defaultJobOptions });
      queue.on('error', () => {});
      return [n, queue] as const;
    }),
  );
  const batchSize = options.batchSize ?? 500;
  const rewindWindowMs = options.rewindWindowMs ?? 24 * 3600_000;

  /** Waits briefly for the connection: commands fail fast instead of queueing while Redis is away. */
  async function ready(): Promise<void> {
    if (connection.status === 'ready') return;
    if (connection.status === 'end' || connection.status === 'wait') connection.connect().catch(() => {});
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.off('ready', onReady);
        reject(new Error('redis unavailable'));
      }, READY_TIMEOUT_MS);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      connection.once('ready', onReady);
    });
  }

  /** Detects a Redis that restarted empty (a new run id) and puts recently relayed rows back. */
  async function checkRedisIdentity(): Promise<void> {
    await ready();
    const info = await connection.info('server');
    const runId = /run_id:(\w+)/.exec(info)?.[1];
    if (!runId) return;
    await database.db.transaction(async (tx) => {
      const [row] = rowsOf<{ value: unknown }>(
        await tx.execute(sql`select value from ${systemState} where key = ${RUN_ID_KEY} for update`),
      );
      const known = (row?.value as { runId?: string } | undefined)?.runId;
      if (known === runId) return;
      if (known) {
        const rewound = await tx.execute(
          sql`update ${outbox} set relayed_at = null where relayed_at > now() - make_interval(secs => ${rewindWindowMs / 1000})`,
        );
        options.log?.warn(
          { rewound: (rewound as { count?: number }).count },
          'redis restarted: relaying recent outbox rows again',
        );
      }
      await tx
        .insert(systemState)
        .values({ key: RUN_ID_KEY, value: { runId } })
        .onConflictDoUpdate({ target: systemState.key, set: { value: { runId }, updatedAt: sql`now()` } });
    });
  }

  async function relayOnce(): Promise<number> {
    try {
      await checkRedisIdentity();
    } catch (err) {
      // Recorded on the waiting rows, so an operator sees why work is not moving.
      const message = (err as Error).message.slice(0, 500);
      await database.db.execute(sql`
        update ${outbox} set attempts = attempts + 1, last_error = ${message}
        where id in (select id from ${outbox} where relayed_at is null and job_name in (${knownNames})
                     order by id limit ${batchSize} for update skip locked)`);
      throw err;
    }
    return database.db.transaction(async (tx) => {
      // Rows of a job name this code does not know are left for an operator, not claimed over and over.
      const rows = rowsOf<Claimed>(
        await tx.execute(sql`
          select id, job_name, job_id, payload from ${outbox}
          where relayed_at is null and job_name in (${knownNames})
          order by id limit ${batchSize}
          for update skip locked`),
      );
      if (rows.length === 0) return 0;
      const ids = sql.join(
        rows.map((r) => sql`${r.id}`),
        sql`, `,
      );
      try {
        for (const name of allJobNames) {
          const jobs = rows.filter((r) => r.job_name === name);
          if (jobs.length === 0) continue;
          await queues
            .get(name as JobName)!
            .addBulk(jobs.map((j) => ({ name, data: j.payload, opts: { jobId: j.job_id } })));
        }
      } catch (err) {
        const message = (err as Error).message.slice(0, 500);
        await tx.execute(
          sql`update ${outbox} set attempts = attempts + 1, last_error = ${message} where id in (${ids})`,
        );
        throw err;
      }
      await tx.execute(
        sql`update ${outbox} set relayed_at = now(), attempts = attempts + 1, last_error = null where id in (${ids})`,
      );
      return rows.length;
    });
  }

  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  return {
    relayOnce,
    async drain() {
      let total = 0;
      for (;;) {
        const n = await relayOnce();
        total += n;
        if (n < batchSize) return total;
      }
    },
    start(intervalMs = 1_000) {
      const round = async () => {
        try {
          while ((await relayOnce()) >= batchSize) {}
        } catch (err) {
          options.log?.warn({ err: (err as Error).message }, 'outbox relay round failed; will retry');
        }
      };
      timer = setInterval(() => {
        current = current.then(round);
      }, intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await current;
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
    },
  };
}
