import type { DbOrTx } from '@qihang/shared/db/client';
import { executeRows } from '@qihang/shared/db/client';
import type { EmbeddingOwnerType } from '@qihang/shared/domain/index';
import { enqueueManyInTx } from '@qihang/shared/queue/outbox';
import { ownerTexts } from '../embedding/owner-texts';
import { embeddingTextHash } from '../embedding/texts';

/**
 * Queues an `embed` job for each owner's text as it now is, in the caller's transaction (the outbox). The
 * job id carries the text's hash, so a write that leaves the text unchanged adds nothing. Returns how many
 * jobs were new.
 */
export async function queueEmbeddings(
  tx: DbOrTx,
  ownerType: EmbeddingOwnerType,
  ownerIds: readonly string[],
): Promise<number> {
  const items = await ownerTexts({ rows: (query) => executeRows(tx, query) }, ownerType, ownerIds);
  return enqueueManyInTx(
    tx,
    'embed',
    items.map((i) => ({ ownerType, ownerId: i.ownerId, contentHash: embeddingTextHash(i.text) })),
  );
}
