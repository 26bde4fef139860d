import { type Database, executeRows } from '@qihang/shared/db/client';
import { type SQL, sql } from 'drizzle-orm';
import { vectorLiteral } from '../sql';
import type { Filter, PersonRow, PostRow } from './filters';
import type { MemoryIndex } from './memory-index';

export interface SearchOptions<Row> {
  vector: Float32Array;
  model: string;
  /** Conditions on the owner row (`p` is the post or the person, `em` the post's employer). */
  filter: Filter<Row>;
  limit: number;
  /**
   * HNSW candidate list size. With pgvector 0.8's iterative scan the index keeps scanning while filters
   * reject rows, so this bounds the first pass, not the result.
   */
  efSearch: number;
  /**
   * 'auto' (default) ranks the eligible rows exactly when there are at most EXACT_MAX of them (MEMORY_MAX
   * when the memory index is loaded), and walks the index otherwise; 'index-first' always tries the index
   * walk first, in the database.
   */
  strategy?: 'index-first' | 'auto';
  /** The side's rows in process memory, when the matcher keeps them. */
  memory?: MemoryIndex<Row>;
}

export interface Hit {
  id: string;
  /** Cosine similarity (1 − pgvector's cosine distance). */
  similarity: number;
}

/**
 * 300: on the bench world (100k posts; queries are people's vectors, real and blended) unfiltered recall@20
 * measured 0.905 / 0.938 / 0.947 / 0.968 at 100 / 150 / 200 / 300 on one build, and 0.945–0.973 at 100 on
 * others. The walk runs only past MEMORY_MAX, or without the memory index, so its cost (a slower fallback)
 * is rarely paid.
 */
export const DEFAULT_EF_SEARCH = 300;

/**
 * Three ways to find the nearest rows that pass the filters:
 * 1. Filters first, exact: the eligible rows are found through the owner table's indexes (a post's region
 *    through posts_open_idx, a person's reach through people_reach_idx) and ranked exactly by distance.
 *    Complete, and fast while they are few; its cost grows with their number (tens of µs a row).
 * 2. Index first: the HNSW index walks outward (iterative scan) and the filters run as a correlated subquery
 *    on each row it yields, up to MAX_SCAN_TUPLES rows. Fast when many rows pass; it can come up short when
 *    few of the nearest pass, and then the exact ranking completes it.
 * 3. In memory (retrieval/memory-index.ts), when the matcher keeps the rows and has loaded them: every held
 *    row is tested and the eligible ones ranked exactly (~0.15 µs a row), up to MEMORY_MAX of them; past it
 *    the index walk (2) takes over without counting them again in SQL.
 * 'auto' finds the eligible rows first, up to EXACT_MAX: at most that many are ranked exactly in the same
 * statement; more, and the index walk takes over. As a single plain join the planner chose between these by
 * its own estimate of the filters' selectivity and misjudged it both ways (seconds at 100k people); see the
 * README.
 */
export interface SearchTarget {
  ownerType: 'post' | 'person';
  /** The owner row `p` (and, for posts, its employer `em`) for one embedding row `e`. */
  owner: SQL;
}

const targets = {
  post: {
    ownerType: 'post',
    owner: sql`posts p join employers em on em.id = p.employer_id where p.id = e.owner_id::uuid`,
  },
  person: { ownerType: 'person', owner: sql`people p where p.id = e.owner_id::uuid` },
} satisfies Record<string, SearchTarget>;

/** Nearest open posts to a vector that pass the filters. */
export const searchPosts = (database: Database, options: SearchOptions<PostRow>) =>
  search(database, options, targets.post);

/** Nearest people to a vector that pass the filters. */
export const searchPeople = (database: Database, options: SearchOptions<PersonRow>) =>
  search(database, options, targets.person);

/** Rows the index walk may examine before the exact path takes over. */
export const MAX_SCAN_TUPLES = 4000;

/** Up to this many eligible rows are ranked exactly; past it the index walk is tried first. */
export const EXACT_MAX = 3000;

/** The same for ranking in memory, where an eligible row costs ~0.15 µs instead of ~12. */
export const MEMORY_MAX = 30_000;

type Row = { id: string; similarity: number | string; eligible?: number | string };

async function search<R>(
  database: Database,
  options: SearchOptions<R>,
  target: SearchTarget,
): Promise<Hit[]> {
  let knownLarge = false;
  if (options.memory && options.strategy !== 'index-first') {
    const found = await options.memory.search(options.vector, options.filter, options.limit, MEMORY_MAX);
    if (found?.hits) return found.hits;
    knownLarge = found !== undefined;
  }
  const v = vectorLiteral(options.vector);
  const where = options.filter.sql;
  const passes = sql`coalesce((select ${where} from ${target.owner}), false)`;
  const base = sql`from embeddings e where e.owner_type = ${target.ownerType} and e.model = ${options.model} and ${passes}`;
  const ef = Math.max(1, Math.min(1000, Math.trunc(options.efSearch)));
  const rows = await database.db.transaction(async (tx) => {
    // One round trip for the whole transaction's settings (set_config(…, true) is SET LOCAL). JIT and
    // parallel workers are off: compiling short lookups or starting workers costs more than it saves.
    await tx.execute(sql`select set_config('hnsw.ef_search', ${String(ef)}, true),
      set_config('hnsw.iterative_scan', 'relaxed_order', true),
      set_config('hnsw.max_scan_tuples', ${String(MAX_SCAN_TUPLES)}, true),
      set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`);
    const table = target.ownerType === 'post' ? sql`posts` : sql`people`;
    const employer = target.ownerType === 'post' ? sql`join employers em on em.id = p.employer_id` : sql``;
    if (options.strategy !== 'index-first' && !knownLarge) {
      // One row per hit, each carrying the eligible count; a single row with no id when none was ranked.
      const found = await executeRows<Row>(
        tx,
        sql`with eligible as materialized (
            select p.id from ${table} p ${employer} where ${where} limit ${EXACT_MAX + 1}),
          n as (select count(*)::int as eligible from eligible)
          select r.id, r.similarity, n.eligible from n left join lateral (
            select e.owner_id as id, 1 - (e.embedding <=> ${v}::vector) as similarity
            from eligible x join embeddings e
              on e.owner_type = ${target.ownerType} and e.owner_id = x.id::text and e.model = ${options.model}
            where n.eligible <= ${EXACT_MAX}
            order by (e.embedding <=> ${v}::vector) + 0 limit ${options.limit}) r on true`,
      );
      if (Number(found[0]?.eligible ?? 0) <= EXACT_MAX) return found.filter((r) => r.id !== null);
    }
    const walked = await executeRows<Row>(
      tx,
      sql`select e.owner_id as id, 1 - (e.embedding <=> ${v}::vector) as similarity ${base}
        order by e.embedding <=> ${v}::vector limit ${options.limit}`,
    );
    // The walk is enough when it filled the pool; otherwise the eligible rows are ranked exactly, however
    // many (a part-filled pool would leave later pages short while eligible rows remain).
    if (walked.length >= options.limit) return walked;
    return await executeRows<Row>(
      tx,
      sql`select e.owner_id as id, 1 - (e.embedding <=> ${v}::vector) as similarity
        from embeddings e join ${table} p on p.id = e.owner_id::uuid and e.owner_id = p.id::text
        ${employer}
        where e.owner_type = ${target.ownerType} and e.model = ${options.model} and (${where})
        order by (e.embedding <=> ${v}::vector) + 0 limit ${options.limit}`,
    );
  });
  // relaxed_order may return rows slightly out of order; callers re-rank anyway, but keep the contract.
  return rows
    .map((r) => ({ id: r.id, similarity: Number(r.similarity) }))
    .sort((a, b) => b.similarity - a.similarity);
}
