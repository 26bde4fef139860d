import { type DefaultJobOptions, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';
import { type JobName, type JobPayloads, jobNames, parsePayload } from './contract';

/** A job handler: idempotent, given its dependencies and a validated payload. */
export type JobHandler<K extends JobName, D> = (deps: D, payload: JobPayloads[K]) => Promise<void>;
export type JobHandlers<D> = { [K in JobName]: JobHandler<K, D> };

export const allJobNames = Object.values(jobNames) as JobName[];

/** One BullMQ queue per job name, so each can have its own concurrency. (BullMQ names may not hold ':'.) */
export const queueNameFor = (name: JobName): string => `qihang-${name}`;

/**
 * Job records are kept a while after completion: re-adding a job id that still exists is a no-op, so a
 * relay that adds the same outbox row twice (crash between add and mark) runs it once.
 */
export const defaultJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export class MissingHandlersError extends Error {
  constructor(readonly missing: string[]) {
    super(`no handler registered for job(s): ${missing.join(', ')}`);
    this.name = 'MissingHandlersError';
  }
}

/** Boot fails when any job of the contract has no handler: such jobs would otherwise wait forever. */
export function assertHandlers<D>(handlers: Partial<JobHandlers<D>>): asserts handlers is JobHandlers<D> {
  const missing = allJobNames.filter((n) => typeof handlers[n] !== 'function');
  if (missing.length > 0) throw new MissingHandlersError(missing);
}

/** Runs a handler on raw job data: a payload that does not fit the contract will never succeed. */
export async function runHandler<D>(
  handlers: JobHandlers<D>,
  deps: D,
  name: string,
  data: unknown,
): Promise<void> {
  if (!allJobNames.includes(name as JobName)) throw new UnrecoverableError(`unknown job name ${name}`);
  const jobName = name as JobName;
  let payload: JobPayloads[JobName];
  try {
    payload = parsePayload(jobName, data);
  } catch (err) {
    throw new UnrecoverableError(`invalid ${jobName} payload: ${(err as Error).message}`);
  }
  await (handlers[jobName] as JobHandler<JobName, D>)(deps, payload);
}

export interface QueueWorkers {
  workers: Worker[];
  /** Waits for running jobs to finish; `force` does not (their jobs are retried elsewhere after the lock). */
  close(force?: boolean): Promise<void>;
}

export interface WorkerSettings {
  /** Told about connection and worker errors (Redis away, a failed job); they are retried, not fatal. */
  onError?: (err: Error) => void;
  /** Jobs of one name processed at once by this process. */
  concurrency?: Partial<Record<JobName, number>>;
  /** Passed to every BullMQ worker (lock duration, stalled-job checks …). */
  options?: Omit<WorkerOptions, 'connection' | 'concurrency'>;
}

/**
 * BullMQ workers for every job of the contract, one per queue. A job killed mid-way (process crash) is
 * found stalled and run again by another worker; handlers are idempotent, so it takes effect once.
 */
export function createQueueWorkers<D>(
  redisUrl: string,
  handlers: Partial<JobHandlers<D>>,
  deps: D,
  settings: WorkerSettings = {},
): QueueWorkers {
  assertHandlers(handlers);
  // Workers block on Redis: their connection must retry forever instead of failing commands.
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const onError = settings.onError ?? (() => {});
  connection.on('error', onError);
  const workers = allJobNames.map((name) => {
    const worker = new Worker(queueNameFor(name), (job) => runHandler(handlers, deps, job.name, job.data), {
      maxStalledCount: 5,
      ...settings.options,
      connection,
      concurrency: settings.concurrency?.[name] ?? 1,
    });
    worker.on('error', onError);
    return worker;
  });
  return {
    workers,
    async close(force = false) {
      await Promise.all(workers.map((w) => w.close(force)));
      connection.disconnect();
    },
  };
}
