import { startFeedScheduler } from '@qihang/ingest';
import { type EmbedJobDeps, matcherJobHandlers } from '@qihang/matcher';
import type { Config } from '@qihang/shared/config/index';
import { startInlineRunner } from '@qihang/shared/queue/inline';
import { createQueueWorkers, type JobHandlers } from '@qihang/shared/queue/runtime';
import { type DeliverDeps, deliverHandler } from '../push/deliver';
import { startPushScheduler } from '../push/schedule';
import { deriveSecretsKey } from '../push/secrets';
import { targetPolicy } from '../push/targets';

export type JobDeps = EmbedJobDeps & DeliverDeps;

/** Every job of the queue contract and who handles it. */
export function jobHandlers(): JobHandlers<JobDeps> {
  return { ...matcherJobHandlers, deliver: deliverHandler };
}

export function jobDeps(config: Config, base: Pick<JobDeps, 'database' | 'embedder' | 'log'>): JobDeps {
  return {
    ...base,
    secretsKey: deriveSecretsKey(config.secrets.idHashKey),
    targets: targetPolicy(config.push.privateTargets),
  };
}

/** Portals get the week's suitable posts pushed once a week; the sweeper retries failed deliveries. */
export const WEEKLY_PUSH_MS = 7 * 24 * 3600_000;

export interface RunningJobs {
  /** Holds the in-process runner back until the returned function is called (BullMQ workers: no-op). */
  pause(): () => void;
  stop(): Promise<void>;
}

/**
 * Runs every job of the queue contract and the timers beside them (portal-feed polls, delivery retries, the
 * weekly push), with the same handlers and dependencies either way: in this process (`pnpm start` without
 * Redis) or as BullMQ workers (`pnpm worker`).
 */
export function startJobs(
  config: Config,
  base: Pick<JobDeps, 'database' | 'embedder' | 'log'>,
  runner: { kind: 'inline' } | { kind: 'workers'; redisUrl: string },
): RunningJobs {
  const deps = jobDeps(config, base);
  const { database, embedder, log } = base;
  let pause = (): (() => void) => () => {};
  let stopRunner: () => Promise<void>;
  if (runner.kind === 'inline') {
    const inline = startInlineRunner(database, jobHandlers(), deps, { intervalMs: 2_000, log });
    pause = () => inline.pause();
    inline.wake();
    stopRunner = () => inline.stop();
  } else {
    const workers = createQueueWorkers(runner.redisUrl, jobHandlers(), deps, {
      onError: (err) => log?.warn({ err: err.message }, 'queue error (retried)'),
    });
    stopRunner = () => workers.close();
  }
  const feeds = startFeedScheduler({ database, idHashKey: config.secrets.idHashKey, embedder, log });
  const push = startPushScheduler(deps, { pushEveryMs: WEEKLY_PUSH_MS });
  return {
    pause: () => pause(),
    async stop() {
      await push.stop();
      await feeds.stop();
      await stopRunner();
    },
  };
}
