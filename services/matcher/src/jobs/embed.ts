import type { Database } from '@qihang/shared/db/client';
import { type JobPayloads, payloadSchemas } from '@qihang/shared/queue/contract';
import type { JobHandler } from '@qihang/shared/queue/runtime';
import { UnrecoverableError } from 'bullmq';
import type { Embedder } from '../embedding/embedder';
import { ownerTexts } from '../embedding/owner-texts';
import { deleteEmbedding, type StoreReport, storeEmbeddings } from '../embedding/store';

export interface EmbedJobDeps {
  database: Database;
  embedder: Embedder;
}

export function parseJobPayload<K extends 'embed' | 'reindex'>(name: K, data: unknown): JobPayloads[K] {
  const parsed = payloadSchemas[name].safeParse(data);
  // A malformed payload will be malformed on every retry.
  if (!parsed.success) throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.message}`);
  return parsed.data as JobPayloads[K];
}

/**
 * The `embed` job: makes the owner's stored vector match its current text. The text is re-read, so a job
 * queued before a later edit still embeds the latest text; unchanged text costs one query. An owner that is
 * gone (deleted, erased) loses its vectors instead. Idempotent; database errors are left to retry.
 */
export async function handleEmbed(
  deps: EmbedJobDeps,
  data: unknown,
): Promise<StoreReport & { deleted: boolean }> {
  const payload = parseJobPayload('embed', data);
  const items = await ownerTexts(deps.database, payload.ownerType, [payload.ownerId]);
  if (items.length === 0) {
    await deleteEmbedding(deps.database, payload.ownerType, payload.ownerId);
    return { unchanged: 0, reused: 0, embedded: 0, deleted: true };
  }
  return { ...(await storeEmbeddings(deps.database, deps.embedder, items)), deleted: false };
}

/** The `embed` handler in the queue runtime's shape. */
export const embedHandler: JobHandler<'embed', EmbedJobDeps> = async (deps, payload) => {
  await handleEmbed(deps, payload);
};
