import type { DbOrTx } from '../db/client';
import { outbox } from '../db/schema';
import { type JobName, type JobPayloads, jobIdFor, parsePayload } from './contract';

/**
 * Records work in the outbox, in the caller's transaction: it is relayed to the queue only if the data it
 * concerns committed, and never lost if the queue is down. The same job id twice is one entry.
 */
export async function enqueueInTx<K extends JobName>(
  tx: DbOrTx,
  name: K,
  payload: JobPayloads[K],
): Promise<string> {
  const valid = parsePayload(name, payload);
  const jobId = (jobIdFor[name] as (p: JobPayloads[K]) => string)(valid);
  await tx.insert(outbox).values({ jobName: name, jobId, payload: valid }).onConflictDoNothing();
  return jobId;
}
