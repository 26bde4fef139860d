import type { Database } from '@qihang/shared/db/client';
import type { EmbeddingOwnerType } from '@qihang/shared/domain/index';
import { sql } from 'drizzle-orm';

const ROWS_PER_STATEMENT = 500;

const indexName = (ownerType: 'post' | 'person') => `embeddings_${ownerType}_hnsw_idx`;

export async function indexDefinition(database: Database, ownerType: 'post' | 'person'): Promise<string> {
  const [row] = await database.rows<{ indexdef: string }>(
    sql`select indexdef from pg_indexes where indexname = ${indexName(ownerType)}`,
  );
  if (!row) throw new Error(`index ${indexName(ownerType)} is missing`);
  return row.indexdef;
}

/**
 * Bulk-loads vectors the way a re-index of a big table should: drop the owner type's HNSW index, insert,
 * build the index once (far faster than growing it row by row). The index is rebuilt from its own
 * definition as read from pg_indexes, and checked to come back identical.
 */
export async function bulkLoadVectors(
  database: Database,
  ownerType: Extract<EmbeddingOwnerType, 'post' | 'person'>,
  model: string,
  rows: Iterable<{ ownerId: string; contentHash: string; vector: string }>,
  dims: number,
): Promise<{ insertMs: number; indexMs: number }> {
  const definition = await indexDefinition(database, ownerType);
  await database.rows(sql.raw(`drop index ${indexName(ownerType)}`));
  const started = performance.now();
  let batch: unknown[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await database.rows(sql`
      insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
      select ${ownerType}, x.owner_id, ${model}, ${dims}, x.content_hash, x.embedding::vector
      from json_to_recordset(${JSON.stringify(batch)}::json) as x(owner_id text, content_hash text, embedding text)`);
    batch = [];
  };
  for (const r of rows) {
    batch.push({ owner_id: r.ownerId, content_hash: r.contentHash, embedding: r.vector });
    if (batch.length >= ROWS_PER_STATEMENT) await flush();
  }
  await flush();
  const inserted = performance.now();
  await database.db.transaction(async (tx) => {
    if (database.kind === 'postgres') await tx.execute(sql.raw(`set local maintenance_work_mem = '1GB'`));
    await tx.execute(sql.raw(definition));
  });
  const after = await indexDefinition(database, ownerType);
  if (after !== definition) throw new Error(`rebuilt index differs:\n${definition}\n${after}`);
  await database.rows(sql.raw('analyze embeddings'));
  return { insertMs: inserted - started, indexMs: performance.now() - inserted };
}
