/**
 * "What was written since I last looked", for the readers that keep copies of rows (the memory index, the
 * gateway's page caches). Each written row of people, posts, employers and embeddings carries the id of the
 * transaction that last wrote it (`row_xid`, migration 0012). A mark is a snapshot's xmax and the
 * transactions then in progress: a row is newer than the mark when its writer is at or past that xmax or was
 * then in progress (committed later), so nothing committed after the mark's read is missed.
 */
import { type SQL, sql } from 'drizzle-orm';

export interface Mark {
  xmax: string;
  xip: string[];
}

/** Columns `mark_xmax` and `mark_xip`: the mark of the statement's own snapshot. */
export const markNow = sql`select pg_snapshot_xmax(pg_current_snapshot())::text as mark_xmax,
  array(select pg_snapshot_xip(pg_current_snapshot())::text) as mark_xip`;

export const markOf = (row: Record<string, unknown> | undefined): Mark => {
  if (!row) throw new Error('no snapshot mark returned');
  const xip = Array.isArray(row.mark_xip) ? (row.mark_xip as unknown[]) : [];
  return { xmax: String(row.mark_xmax), xip: xip.map(String) };
};

/** A condition on a `row_xid` column: written after `mark` was read. */
export const newerThan =
  (mark: Mark) =>
  (column: SQL): SQL =>
    sql`(${column} >= ${mark.xmax}::xid8 or ${column} = any(${`{${mark.xip.join(',')}}`}::xid8[]))`;
