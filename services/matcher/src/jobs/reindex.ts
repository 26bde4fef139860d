import type { EmbeddingOwnerType } from '@qihang/shared/domain/index';
import type { JobHandler } from '@qihang/shared/queue/runtime';
import { UnrecoverableError } from 'bullmq';
import { sql } from 'drizzle-orm';
import { ownerTexts } from '../embedding/owner-texts';
import { type StoreReport, storeEmbeddings } from '../embedding/store';
import { type EmbedJobDeps, parseJobPayload } from './embed';

const PAGE = 200;

const idsAfter = (ownerType: EmbeddingOwnerType, after: string) => {
  if (ownerType === 'occupation') {
    return sql`select code as id from occupations where code > ${after} order by code limit ${PAGE}`;
  }
  const table = ownerType === 'post' ? sql`posts` : sql`people`;
  return sql`select id::text as id from ${table} where id::text > ${after} order by id::text limit ${PAGE}`;
};

/**
 * The `reindex` job: embeds every owner of a type with the current model, e.g. after a model change. Owners
 * whose text is already stored under this model are skipped, so a retried or repeated reindex redoes nothing.
 */
export async function handleReindex(deps: EmbedJobDeps, data: unknown): Promise<StoreReport> {
  const payload = parseJobPayload('reindex', data);
  if (payload.model !== deps.embedder.model) {
    throw new UnrecoverableError(
      `reindex asks for model ${payload.model}, but this worker embeds with ${deps.embedder.model}`,
    );
  }
  const total: StoreReport = { unchanged: 0, reused: 0, embedded: 0 };
  let after = '';
  for (;;) {
    const ids = (await deps.database.rows<{ id: string }>(idsAfter(payload.ownerType, after))).map(
      (r) => r.id,
    );
    if (ids.length === 0) break;
    const items = await ownerTexts(deps.database, payload.ownerType, ids);
    const report = await storeEmbeddings(deps.database, deps.embedder, items);
    total.unchanged += report.unchanged;
    total.reused += report.reused;
    total.embedded += report.embedded;
    after = ids[ids.length - 1]!;
  }
  return total;
}

/** The `reindex` handler in the queue runtime's shape. */
export const reindexHandler: JobHandler<'reindex', EmbedJobDeps> = async (deps, payload) => {
  await handleReindex(deps, payload);
};
