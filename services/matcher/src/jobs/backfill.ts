import type { Database } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import { queueEmbeddings } from './queue-embeddings';

const PAGE = 500;

/**
 * Queues an `embed` job for every person and post that has no vector under `model` (demo data loaded in
 * bulk, rows written while no worker ran, a new model). Cheap when nothing is missing: one anti-join per
 * owner type. Job ids are deterministic, so running it twice queues nothing new.
 */
export async function queueMissingEmbeddings(database: Database, model: string): Promise<number> {
  let queued = 0;
  for (const ownerType of ['post', 'person'] as const) {
    const table = ownerType === 'post' ? sql`posts` : sql`people`;
    let after = '';
    for (;;) {
      const ids = await database.rows<{ id: string }>(sql`
        select o.id::text as id from ${table} o
        where o.id::text > ${after}
          and not exists (select 1 from embeddings e
                          where e.owner_type = ${ownerType} and e.owner_id = o.id::text and e.model = ${model})
        order by o.id::text limit ${PAGE}`);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!.id;
      queued += await queueEmbeddings(
        database.db,
        ownerType,
        ids.map((r) => r.id),
      );
    }
  }
  return queued;
}
