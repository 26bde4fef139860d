import type { Database } from '@qihang/shared/db/client';
import { type SQL, sql } from 'drizzle-orm';
import type { Embedder } from '../embedding/embedder';
import { ownerTexts } from '../embedding/owner-texts';
import { candidatePool } from '../recommend/deps';
import { loadPeople } from '../recommend/load';
import type { PostRow } from '../retrieval/filters';
import { postFiltersFor } from '../retrieval/filters';
import type { MemoryIndex } from '../retrieval/memory-index';
import { EXACT_MAX, MAX_SCAN_TUPLES, MEMORY_MAX } from '../retrieval/vector-search';
import { bulkLoadVectors } from './load-vectors';
import { eligiblePosts, hnswRecall, retrievalRecall } from './measure';
import { blend, vectorText } from './synthetic';

export type Side = 'post' | 'person';

export async function ownerIds(database: Database, side: Side): Promise<string[]> {
  const table = side === 'post' ? sql`posts` : sql`people`;
  return (await database.rows<{ id: string }>(sql`select id::text as id from ${table} order by id`)).map(
    (r) => r.id,
  );
}

export async function embeddingTexts(
  database: Database,
  side: Side,
  ids: readonly string[],
): Promise<string[]> {
  return (await ownerTexts(database, side, ids)).map((t) => t.text);
}

/** Owner j (by id) gets real vector j when there is one, else a blend of real vectors (see synthetic.ts). */
export const vectorFor = (real: readonly Float32Array[], j: number): Float32Array =>
  j < real.length ? real[j]! : blend(real, j);

export async function loadVectors(
  database: Database,
  embedder: Embedder,
  side: Side,
  ids: readonly string[],
  real: readonly Float32Array[],
) {
  function* rows() {
    for (let j = 0; j < ids.length; j++) {
      const contentHash = j < real.length ? `bench-real-${j}` : `bench-blend-${j}`;
      yield { ownerId: ids[j]!, contentHash, vector: vectorText(vectorFor(real, j)) };
    }
  }
  return bulkLoadVectors(database, side, embedder.model, rows(), embedder.dims);
}

/**
 * Recall@20 of person → post search, three ways: the HNSW index walk without filters (the index's own
 * quality); what the matcher's retrieval returns under each person's filters, over the matcher's candidate
 * pool (the recall users get); and the index walk under the filters for the people whose eligible posts are
 * too many to rank exactly, the only ones the matcher walks the index for.
 */
export async function recallOfPeople(
  database: Database,
  model: string,
  people: { id: string; vector: Float32Array }[],
  today: string,
  efSearch: number,
  /** The matcher's memory index of posts, when it keeps one (retrieval then walks only past MEMORY_MAX). */
  memory?: MemoryIndex<PostRow>,
) {
  const loaded = await loadPeople(
    database,
    people.map((p) => p.id),
  );
  const unfiltered = people.map((p) => ({ vector: p.vector, where: sql`true` }));
  const filtered = people.flatMap((p) => {
    const person = loaded.get(p.id);
    return person ? [{ vector: p.vector, filter: postFiltersFor(person, today) }] : [];
  });
  const walkPast = memory ? MEMORY_MAX : EXACT_MAX;
  const walked: { vector: Float32Array; where: SQL }[] = [];
  for (const q of filtered) {
    if ((await eligiblePosts(database, q.filter.sql, walkPast + 1)) > walkPast)
      walked.push({ vector: q.vector, where: q.filter.sql });
  }
  const pool = candidatePool(0, 20);
  return {
    unfiltered: await hnswRecall(database, model, unfiltered, 20, efSearch, MAX_SCAN_TUPLES),
    retrieval: await retrievalRecall(database, model, filtered, 20, pool, Math.max(efSearch, pool), memory),
    walkFiltered: await hnswRecall(
      database,
      model,
      walked,
      20,
      Math.max(efSearch, pool),
      MAX_SCAN_TUPLES,
      pool,
    ),
    walkedQueries: walked.length,
    walkPast,
    pool,
  };
}

/** After a bulk load: statistics (and the consent triggers' row versions) settled, as autovacuum would. */
export async function settleTables(database: Database): Promise<void> {
  await database.rows(sql.raw('vacuum analyze'));
}

export async function checkpointTables(database: Database): Promise<void> {
  await database.rows(sql.raw('checkpoint'));
}
