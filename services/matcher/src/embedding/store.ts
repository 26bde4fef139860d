import type { Database } from '@qihang/shared/db/client';
import type { EmbeddingOwnerType } from '@qihang/shared/domain/index';
import { sql } from 'drizzle-orm';
import { parseVector, textArray, vectorLiteral } from '../sql';
import type { Embedder } from './embedder';
import { embeddingTextHash } from './texts';

export interface EmbeddingItem {
  ownerType: EmbeddingOwnerType;
  ownerId: string;
  text: string;
}

export interface StoreReport {
  /** Already stored with this text: nothing done. */
  unchanged: number;
  /** Same text stored for another owner: vector copied, model not run. */
  reused: number;
  /** Run through the model. */
  embedded: number;
}

/**
 * Makes the stored vector of each owner match its current text. Vectors are keyed by (model, hash of the
 * text), so text that is already embedded anywhere is never embedded again. Idempotent.
 */
export async function storeEmbeddings(
  database: Database,
  embedder: Embedder,
  items: readonly EmbeddingItem[],
): Promise<StoreReport> {
  const report: StoreReport = { unchanged: 0, reused: 0, embedded: 0 };
  if (items.length === 0) return report;
  const hashed = items.map((i) => ({ ...i, hash: embeddingTextHash(i.text) }));
  const current = await database.rows<{ owner_type: string; owner_id: string; content_hash: string }>(sql`
    select owner_type, owner_id, content_hash from embeddings
    where model = ${embedder.model} and owner_id = any(${textArray(hashed.map((i) => i.ownerId))})`);
  const stored = new Set(current.map((r) => `${r.owner_type}/${r.owner_id}/${r.content_hash}`));
  const todo = hashed.filter((i) => !stored.has(`${i.ownerType}/${i.ownerId}/${i.hash}`));
  report.unchanged = hashed.length - todo.length;
  if (todo.length === 0) return report;

  const known = await database.rows<{ content_hash: string; embedding: string }>(sql`
    select distinct on (content_hash) content_hash, embedding::text as embedding from embeddings
    where model = ${embedder.model} and content_hash = any(${textArray(todo.map((i) => i.hash))})`);
  const vectors = new Map(known.map((r) => [r.content_hash, parseVector(r.embedding)]));
  const fresh = [...new Map(todo.filter((i) => !vectors.has(i.hash)).map((i) => [i.hash, i.text]))];
  const embedded = await embedder.embed(fresh.map(([, text]) => text));
  fresh.forEach(([hash], n) => {
    vectors.set(hash, embedded[n]!);
  });
  const freshHashes = new Set(fresh.map(([hash]) => hash));

  for (const item of todo) {
    if (freshHashes.has(item.hash)) report.embedded++;
    else report.reused++;
    await database.rows(sql`
      insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
      values (${item.ownerType}, ${item.ownerId}, ${embedder.model}, ${embedder.dims}, ${item.hash},
              ${vectorLiteral(vectors.get(item.hash)!)}::vector)
      on conflict (owner_type, owner_id, model) do update
        set content_hash = excluded.content_hash, embedding = excluded.embedding, dims = excluded.dims,
            created_at = now()`);
  }
  return report;
}

export async function loadEmbedding(
  database: Database,
  ownerType: EmbeddingOwnerType,
  ownerId: string,
  model: string,
): Promise<Float32Array | undefined> {
  const [row] = await database.rows<{ embedding: string }>(sql`
    select embedding::text as embedding from embeddings
    where owner_type = ${ownerType} and owner_id = ${ownerId} and model = ${model}`);
  return row ? parseVector(row.embedding) : undefined;
}

export async function deleteEmbedding(database: Database, ownerType: EmbeddingOwnerType, ownerId: string) {
  await database.rows(sql`delete from embeddings where owner_type = ${ownerType} and owner_id = ${ownerId}`);
}
