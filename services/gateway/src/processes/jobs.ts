import { type EmbedJobDeps, matcherJobHandlers } from '@qihang/matcher';
import type { Config } from '@qihang/shared/config/index';
import type { JobHandlers } from '@qihang/shared/queue/runtime';
import { type DeliverDeps, deliverHandler } from '../push/deliver';
import { deriveSecretsKey } from '../push/secrets';
import { targetPolicy } from '../push/targets';

export type JobDeps = EmbedJobDeps & DeliverDeps;

/**
 * Every job of the queue contract and who handles it. The in-process runner (`pnpm start` without Redis) and
 * the BullMQ workers (`pnpm worker`) run this same map with the same dependencies.
 */
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
