import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { EMBEDDING_DIMS, embeddings } from '../../src/db/schema';
import { databaseKinds, migratedTestDatabase } from '../../src/testing/databases';

/** Deterministic pseudo-random unit vectors, so a failure reproduces. */
function unitVectors(n: number, seed: number): number[][] {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648 - 0.5;
  };
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: EMBEDDING_DIMS }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

const cosine = (a: number[], b: number[]) => a.reduce((acc, x, i) => acc + x * (b[i] ?? 0), 0);

describe.each(databaseKinds)('vectors on %s', (kind) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const vectors = unitVectors(1500, 42);

  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase(kind));
    await database.db.insert(embeddings).values(
      vectors.map((v, i) => ({
        ownerType: i % 3 === 0 ? ('person' as const) : ('post' as const),
        ownerId: `owner-${i}`,
        model: 'test-model',
        dims: EMBEDDING_DIMS,
        contentHash: `hash-${i}`,
        embedding: v,
      })),
    );
    await database.rows(sql`analyze embeddings`);
  });
  afterAll(() => cleanup?.());

  it('finds the nearest posts by cosine distance, matching an exact computation', async () => {
    const query = vectors[7]!;
    const literal = `[${query.join(',')}]`;
    const rows = await database.rows<{ owner_id: string; distance: number }>(sql`
      select owner_id, embedding <=> ${literal}::vector as distance
      from embeddings where owner_type = 'post'
      order by embedding <=> ${literal}::vector limit 5`);
    const exact = vectors
      .map((v, i) => ({ id: `owner-${i}`, sim: cosine(query, v), post: i % 3 !== 0 }))
      .filter((x) => x.post)
      .sort((a, b) => b.sim - a.sim)
      .slice(0, 5);
    expect(rows.map((r) => r.owner_id)).toEqual(exact.map((e) => e.id));
    expect(rows[0]?.owner_id).toBe('owner-7');
    expect(Number(rows[0]?.distance)).toBeCloseTo(0, 5);
  });

  it('answers that search from the HNSW index, with the same neighbours', async () => {
    const literal = `[${vectors[1]!.join(',')}]`;
    const query = sql`select owner_id from embeddings where owner_type = 'post'
      order by embedding <=> ${literal}::vector limit 5`;
    const rowsOf = (result: unknown) =>
      (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];
    const [plan, viaIndex] = await database.db.transaction(async (tx) => {
      // Small tables are cheaper to scan; forbid the alternatives so the index must answer.
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      const explained = rowsOf(await tx.execute(sql`explain ${query}`));
      const found = rowsOf(await tx.execute(query));
      return [explained.map((r) => Object.values(r)[0]).join('\n'), found.map((r) => r.owner_id)];
    });
    expect(plan).toMatch(/Index Scan using embeddings_post_hnsw_idx/);
    const exact = await database.rows<{ owner_id: string }>(sql`select owner_id from (
      select owner_id, embedding <=> ${literal}::vector as d from embeddings where owner_type = 'post') x
      order by d limit 5`);
    expect(viaIndex).toEqual(exact.map((r) => r.owner_id));
  });

  it('keeps each vector in its row, not out of line in the TOAST table (an exact ranking reads thousands)', async () => {
    const [row] = await database.rows<{ toast_bytes: number | string; heap_bytes: number | string }>(sql`
      select pg_relation_size(c.reltoastrelid) as toast_bytes, pg_relation_size(c.oid) as heap_bytes
      from pg_class c where c.relname = 'embeddings'`);
    // 1,500 vectors of 2 KB: ~3 MB, all of it in the table itself.
    expect(Number(row?.heap_bytes)).toBeGreaterThan(1500 * 2048);
    expect(Number(row?.toast_bytes)).toBe(0);
  });

  it('refuses a vector of the wrong width', async () => {
    await expect(
      database.db.insert(embeddings).values({
        ownerType: 'post',
        ownerId: 'too-short',
        model: 'test-model',
        dims: 3,
        contentHash: 'x',
        embedding: [1, 0, 0],
      }),
    ).rejects.toThrow();
  });
});
