import { type SQL, sql } from 'drizzle-orm';

const arrayOf =
  (type: 'text' | 'uuid') =>
  (values: readonly string[]): SQL =>
    values.length === 0
      ? sql.raw(`'{}'::${type}[]`)
      : sql`array[${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )}]::${sql.raw(type)}[]`;

/** Array parameters that work the same on PGlite and postgres.js (drizzle expands raw JS arrays into lists). */
export const textArray = arrayOf('text');

/** Timestamps come back as Date or as text depending on driver and query style; the API speaks ISO 8601. */
export function isoTimestamp(value: Date | string): string;
export function isoTimestamp(value: Date | string | null): string | null;
export function isoTimestamp(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** A unique-constraint violation (SQLSTATE 23505), however the driver or drizzle wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.code === '23505') return true;
    e = e.cause as typeof e;
  }
  return false;
}
