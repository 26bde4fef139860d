import type { DbOrTx } from '@qihang/shared/db/client';
import { type JobPayloads, jobIdFor, parsePayload } from '@qihang/shared/queue/contract';
import { insertJson } from './bulk';

/**
 * Many `embed` jobs in one statement, in the caller's transaction: the same as enqueueInTx row by row, but
 * one round trip per chunk. The same job id twice is one entry.
 */
export async function enqueueEmbeds(tx: DbOrTx, payloads: JobPayloads['embed'][]): Promise<void> {
  if (payloads.length === 0) return;
  const rows = payloads.map((p) => {
    const valid = parsePayload('embed', p);
    return { job_name: 'embed', job_id: jobIdFor.embed(valid), payload: valid };
  });
  await insertJson(
    tx,
    'outbox',
    { job_name: 'text', job_id: 'text', payload: 'jsonb' },
    rows,
    'on conflict (job_id) do nothing',
  );
}
