import type { Database } from '@qihang/shared/db/client';
import { type SQL, sql } from 'drizzle-orm';
import { vectorLiteral } from '../sql';

export interface SearchOptions {
  vector: Float32Array;
  model: string;
  /** Conditions on the joined row (`p` is the post or the person, `em` the post's employer). */
  where: SQL;
  limit: number;
  /**
   * HNSW candidate list size. With pgvector 0.8's iterative scan the index keeps scanning while filters
   * reject rows, so this bounds the first pass, not the result.
   */
  efSearch: number;
  /**
   * 'exact-first' skips the index walk: for filters an index narrows cheaply (a person's regions, through
   * posts_open_idx), ranking the few eligible rows exactly is both faster and complete.
   */
  strategy?: 'index-first' | 'exact-first';
}

export interface Hit {
  id: string;
  /** Cosine similarity (1 − pgvector's cosine distance). */
  similarity: number;
}

export const DEFAULT_EF_SEARCH = 100;

/**
 * Two ways to find the nearest rows that pass the filters, tried in this order (unless `exact-first`):
 * 1. Index first: the HNSW index walks outward (iterative scan) and the filters run as a correlated subquery
 *    on each row it yields, up to `maxScanTuples` rows. Fast when many rows pass.
 * 2. Filters first, exact: when the index walk found too few (the filters pass few rows: a post's region is
 *    acceptable to a few hundred people out of 100k), the eligible rows are found first and ranked exactly by
 *    distance (the `+ 0` keeps the planner off the HNSW index, whose walk would starve).
 * As a single plain join the planner chose between these by its own estimate of the filters' selectivity and
 * misjudged it both ways (seconds at 100k people); see the README.
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
export const searchPosts = (database: Database, options: SearchOptions) =>
  search(database, options, targets.post);

/** Nearest people to a vector that pass the filters. */
export const searchPeople = (database: Database, options: SearchOptions) =>
  search(database, options, targets.person);

/** Rows the index walk may examine before the exact path takes over. */
export const MAX_SCAN_TUPLES = 4000;

type Row = { id: string; similarity: number | string };
const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Row[];

async function search(database: Database, options: SearchOptions, target: SearchTarget): Promise<Hit[]> {
  const v = vectorLiteral(options.vector);
  const passes = sql`coalesce((select ${options.where} from ${target.owner}), false)`;
  const base = sql`from embeddings e where e.owner_type = ${target.ownerType} and e.model = ${options.model} and ${passes}`;
  const ef = Math.max(1, Math.min(1000, Math.trunc(options.efSearch)));
  const rows = await database.db.transaction(async (tx) => {
    // SET cannot take parameters; ef is a clamped integer.
    await tx.execute(sql.raw(`set local hnsw.ef_search = ${ef}`));
    await tx.execute(sql.raw(`set local hnsw.iterative_scan = relaxed_order`));
    await tx.execute(sql.raw(`set local hnsw.max_scan_tuples = ${MAX_SCAN_TUPLES}`));
    // Short lookups: compiling them (JIT) or starting parallel workers costs more than it saves.
    await tx.execute(sql.raw('set local jit = off'));
    await tx.execute(sql.raw('set local max_parallel_workers_per_gather = 0'));
    if (options.strategy !== 'exact-first') {
      const found = rowsOf(
        await tx.execute(sql`select e.owner_id as id, 1 - (e.embedding <=> ${v}::vector) as similarity ${base}
          order by e.embedding <=> ${v}::vector limit ${options.limit}`),
      );
      if (found.length >= options.limit) return found;
    }
    return rowsOf(
      await tx.execute(sql`select e.owner_id as id, 1 - (e.embedding <=> ${v}::vector) as similarity
        from embeddings e join ${target.ownerType === 'post' ? sql`posts` : sql`people`} p
          on p.id = e.owner_id::uuid and e.owner_id = p.id::text
        ${target.ownerType === 'post' ? sql`join employers em on em.id = p.employer_id` : sql``}
        where e.owner_type = ${target.ownerType} and e.model = ${options.model} and (${options.where})
        order by (e.embedding <=> ${v}::vector) + 0 limit ${options.limit}`),
    );
  });
  // relaxed_order may return rows slightly out of order; callers re-rank anyway, but keep the contract.
  return rows
    .map((r) => ({ id: r.id, similarity: Number(r.similarity) }))
    .sort((a, b) => b.similarity - a.similarity);
}
