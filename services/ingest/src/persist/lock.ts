import type { DbOrTx } from '@qihang/shared/db/client';
import type { ListKind } from '@qihang/shared/domain/index';
import { sql } from 'drizzle-orm';

const LOCK_KEYS: Record<ListKind, number> = { people: 7_160_328_101, posts: 7_160_328_102 };

/**
 * Chunks of the same list from concurrent uploads take turns (PostgreSQL; PGlite has one connection), so
 * two processes never both create the same employer or both miss the same cross-source duplicate.
 */
export async function lockList(
  tx: DbOrTx,
  databaseKind: 'pglite' | 'postgres',
  kind: ListKind,
): Promise<void> {
  if (databaseKind === 'postgres') await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEYS[kind]})`);
}
