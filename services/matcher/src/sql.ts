import { type SQL, sql } from 'drizzle-orm';

/** A text[] parameter that works the same on PGlite and postgres.js (drizzle expands raw arrays into lists). */
export const textArray = (values: readonly string[]): SQL =>
  values.length === 0
    ? sql`'{}'::text[]`
    : sql`array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`;

export const vectorLiteral = (v: Float32Array | readonly number[]): string => `[${Array.from(v).join(',')}]`;

export const parseVector = (value: unknown): Float32Array => {
  if (typeof value === 'string') return Float32Array.from(JSON.parse(value) as number[]);
  if (Array.isArray(value)) return Float32Array.from(value as number[]);
  throw new Error(`not a vector: ${typeof value}`);
};

/** Dates come back as Date or string depending on the driver; the matcher compares ISO dates (YYYY-MM-DD). */
export const isoDate = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
};

export const uuidArray = (values: readonly string[]): SQL =>
  values.length === 0
    ? sql`'{}'::uuid[]`
    : sql`array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::uuid[]`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
