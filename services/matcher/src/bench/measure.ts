import { type Database, executeRows } from '@qihang/shared/db/client';
import { type SQL, sql } from 'drizzle-orm';
import type { Filter, PostRow } from '../retrieval/filters';
import type { MemoryIndex } from '../retrieval/memory-index';
import { searchPosts } from '../retrieval/vector-search';
import { vectorLiteral } from '../sql';

export function percentiles(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}

export async function timeEach<T>(
  items: readonly T[],
  run: (item: T) => Promise<unknown>,
): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    times.push(performance.now() - started);
  }
  return times;
}

async function nearest(
  database: Database,
  vector: Float32Array,
  model: string,
  k: number,
  settings: string[],
  where: SQL,
  exact: boolean,
): Promise<string[]> {
  const v = vectorLiteral(vector);
  return database.db.transaction(async (tx) => {
    for (const s of settings) await tx.execute(sql.raw(`set local ${s}`));
    // The index walk exactly as the matcher runs it (filters per index hit), or an exact ranking of every
    // eligible row (the `+ 0` keeps the HNSW index out of the plan).
    const query = exact
      ? sql`select e.owner_id as id from embeddings e
          join posts p on p.id = e.owner_id::uuid and e.owner_id = p.id::text join employers em on em.id = p.employer_id
          where e.owner_type = 'post' and e.model = ${model} and (${where})
          order by (e.embedding <=> ${v}::vector) + 0 limit ${k}`
      : sql`select e.owner_id as id from embeddings e
          where e.owner_type = 'post' and e.model = ${model}
            and coalesce((select ${where} from posts p join employers em on em.id = p.employer_id
                          where p.id = e.owner_id::uuid), false)
          order by e.embedding <=> ${v}::vector limit ${k}`;
    return (await executeRows<{ id: string }>(tx, query)).map((r) => r.id);
  });
}

/**
 * Recall@k of the HNSW index walk (iterative scan, as in the matcher's first retrieval step) against an exact
 * ranking of the same eligible rows. The matcher falls back to the exact ranking when the walk finds too few,
 * so this is the walk's own recall, not the recall of what the matcher returns.
 */
export async function hnswRecall(
  database: Database,
  model: string,
  queries: readonly { vector: Float32Array; where: SQL }[],
  k: number,
  efSearch: number,
  maxScanTuples: number,
  /** Rows taken from the walk (k by default; the matcher takes its candidate pool). */
  fetch = k,
): Promise<number> {
  const walk = [
    `hnsw.ef_search = ${efSearch}`,
    'hnsw.iterative_scan = relaxed_order',
    `hnsw.max_scan_tuples = ${maxScanTuples}`,
    'jit = off',
  ];
  let found = 0;
  let total = 0;
  for (const q of queries) {
    const approx = await nearest(database, q.vector, model, fetch, walk, q.where, false);
    const exact = await nearest(database, q.vector, model, k, ['jit = off'], q.where, true);
    const hit = new Set(approx);
    found += exact.filter((id) => hit.has(id)).length;
    total += exact.length;
  }
  return total === 0 ? 1 : found / total;
}

/**
 * Recall@k of what the matcher's retrieval step returns (`searchPosts`, its 'auto' strategy, over a candidate
 * pool of `pool` rows as the matcher asks for) against an exact ranking of the same eligible rows: the recall a
 * user's results actually have.
 */
export async function retrievalRecall(
  database: Database,
  model: string,
  queries: readonly { vector: Float32Array; filter: Filter<PostRow> }[],
  k: number,
  pool: number,
  efSearch: number,
  memory?: MemoryIndex<PostRow>,
): Promise<number> {
  let found = 0;
  let total = 0;
  for (const q of queries) {
    const hits = await searchPosts(database, {
      vector: q.vector,
      model,
      filter: q.filter,
      limit: pool,
      efSearch,
      ...(memory ? { memory } : {}),
    });
    const exact = await nearest(database, q.vector, model, k, ['jit = off'], q.filter.sql, true);
    const got = new Set(hits.map((h) => h.id));
    found += exact.filter((id) => got.has(id)).length;
    total += exact.length;
  }
  return total === 0 ? 1 : found / total;
}

/** How many open posts pass a filter, counting no further than `cap`. */
export async function eligiblePosts(database: Database, where: SQL, cap: number): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from (
    select 1 from posts p join employers em on em.id = p.employer_id where ${where} limit ${cap}) x`);
  return row?.n ?? 0;
}
