import { ValidationError } from '@qihang/shared/errors';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';

/**
 * Keyset paging on (created_at, id), newest first. The cursor carries the last row's timestamp at full
 * microsecond precision (a JS Date would drop the microseconds and skip or repeat rows).
 */
const cursorSchema = z.object({
  // As cursorTime writes it; a real instant, so a tampered cursor is a 400, not a database error.
  t: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    .refine((t) => {
      const ms = Date.parse(t);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === t.slice(0, 19);
    }),
  i: z.uuid(),
});
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(c: object): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** A cursor of the given shape (the keyset default), or a 422 naming querystring.cursor. */
export function decodeCursor(raw: string | undefined): Cursor | null;
export function decodeCursor<T>(raw: string | undefined, schema: z.ZodType<T>): T | null;
export function decodeCursor(raw: string | undefined, schema: z.ZodType = cursorSchema): unknown {
  if (!raw) return null;
  try {
    return schema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError('the cursor is not valid', [
      { path: 'querystring.cursor', message: 'not a cursor' },
    ]);
  }
}

/** The created_at column as text with microseconds, for the next cursor. */
export const cursorTime = (createdAt: AnyColumn): SQL<string> =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows strictly after the cursor in (created_at desc, id desc) order. */
export const afterCursor = (createdAt: AnyColumn, id: AnyColumn, c: Cursor): SQL =>
  sql`(${createdAt}, ${id}) < (${c.t}::timestamptz, ${c.i}::uuid)`;

/** Given limit+1 rows, the page and the cursor of its last row (null when there is no next page). */
export function page<T extends { id: string; cursorTime: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ t: last.cursorTime, i: last.id }) : null;
  return { items, nextCursor };
}
