import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  vector,
} from 'drizzle-orm/pg-core';
import type { EmbeddingOwnerType } from '../../domain';
import { rowXid } from './columns';

/** The width of the vector column; the HNSW index needs a fixed one. A model of another width is a migration. */
export const EMBEDDING_DIMS = 512;

/**
 * Embeddings live apart from what they embed, tagged with the model and its width, so changing the model is a
 * re-index rather than a silent mismatch. `contentHash` lets unchanged text skip the embedder entirely.
 */
const HNSW_PARAMS = { m: 24, ef_construction: 128 };

export const embeddings = pgTable(
  'embeddings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ownerType: text('owner_type').$type<EmbeddingOwnerType>().notNull(),
    ownerId: text('owner_id').notNull(),
    model: text('model').notNull(),
    dims: integer('dims').notNull(),
    contentHash: text('content_hash').notNull(),
    embedding: vector('embedding', { dimensions: EMBEDDING_DIMS }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    rowXid: rowXid(),
  },
  (t) => [
    index('embeddings_row_xid_idx').on(t.rowXid),
    uniqueIndex('embeddings_owner_model_uq').on(t.ownerType, t.ownerId, t.model),
    index('embeddings_content_idx').on(t.model, t.contentHash),
    // One HNSW (cosine) index per searched owner type, so a search for posts never wades through people.
    // m = 24, ef_construction = 128 (pgvector's defaults are 16, 64): at 100k vectors the defaults gave
    // recall@20 0.90 at ef_search 100, these 0.97 for a build ~1.7× as long (matcher README, "Recall").
    index('embeddings_post_hnsw_idx')
      .using('hnsw', t.embedding.op('vector_cosine_ops'))
      .with(HNSW_PARAMS)
      .where(sql`${t.ownerType} = 'post'`),
    index('embeddings_person_hnsw_idx')
      .using('hnsw', t.embedding.op('vector_cosine_ops'))
      .with(HNSW_PARAMS)
      .where(sql`${t.ownerType} = 'person'`),
  ],
);
