import { type EmbedJobDeps, matcherJobHandlers } from '@qihang/matcher';
import type { JobHandlers } from '@qihang/shared/queue/runtime';
import { UnrecoverableError } from 'bullmq';

export type JobDeps = EmbedJobDeps;

/**
 * Every job of the queue contract and who handles it. The in-process runner (`pnpm start` without Redis) and
 * the BullMQ workers (`pnpm worker`) run this same map.
 */
export function jobHandlers(): JobHandlers<JobDeps> {
  return {
    ...matcherJobHandlers,
    // Portal push (deliver) is not built yet; nothing enqueues it, and if something did it should fail loudly.
    deliver: async () => {
      throw new UnrecoverableError('portal push is not available in this version');
    },
  };
}
