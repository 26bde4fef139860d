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

/** Many jobs of one kind at once (e.g. a backfill); duplicates of queued job ids are skipped. */
export async function enqueueManyInTx<K extends JobName>(
  tx: DbOrTx,
  name: K,
  payloads: readonly JobPayloads[K][],
): Promise<number> {
  if (payloads.length === 0) return 0;
  const toId = jobIdFor[name] as (p: JobPayloads[K]) => string;
  const rows = payloads.map((p) => {
    const valid = parsePayload(name, p);
    return { jobName: name, jobId: toId(valid), payload: valid };
  });
  const inserted = await tx.insert(outbox).values(rows).onConflictDoNothing().returning({ id: outbox.id });
  return inserted.length;
}
