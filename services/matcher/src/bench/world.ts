import type { Database } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import type { Embedder } from '../embedding/embedder';
import { ownerTexts } from '../embedding/owner-texts';
import { loadPeople } from '../recommend/load';
import { postFiltersFor } from '../retrieval/filters';
import { MAX_SCAN_TUPLES } from '../retrieval/vector-search';
import { bulkLoadVectors } from './load-vectors';
import { hnswRecall } from './measure';
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

/** Recall@20 of person → post HNSW search, without filters and with each person's own SQL filters. */
export async function recallOfPeople(
  database: Database,
  model: string,
  people: { id: string; vector: Float32Array }[],
  today: string,
  efSearch: number,
) {
  const loaded = await loadPeople(
    database,
    people.map((p) => p.id),
  );
  const unfiltered = people.map((p) => ({ vector: p.vector, where: sql`true` }));
  const filtered = people.flatMap((p) => {
    const person = loaded.get(p.id);
    return person ? [{ vector: p.vector, where: postFiltersFor(person, today) }] : [];
  });
  return {
    unfiltered: await hnswRecall(database, model, unfiltered, 20, efSearch, MAX_SCAN_TUPLES),
    filtered: await hnswRecall(database, model, filtered, 20, efSearch, MAX_SCAN_TUPLES),
  };
}

/** After a bulk load: statistics (and the consent triggers' row versions) settled, as autovacuum would. */
export async function settleTables(database: Database): Promise<void> {
  await database.rows(sql.raw('vacuum analyze'));
}
