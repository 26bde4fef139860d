import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { DatabaseConfig } from '../config';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database type the code is written against: PGlite and PostgreSQL both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: repository methods take either. */
export type DbOrTx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/**
 * Runs raw SQL on a database or inside a transaction and returns its rows, the same shape on both drivers
 * (postgres.js answers an array, PGlite `{ rows }`) — `Database.rows` for code that holds a transaction.
 */
export async function executeRows<T>(tx: Pick<DbOrTx, 'execute'>, query: SQL): Promise<T[]> {
  const result: unknown = await tx.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly db: Db;
  /** Runs raw SQL and returns its rows, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * The same, as a named prepared statement on PostgreSQL: parsed and planned once per connection, then one
   * round trip each time (an unprepared statement with parameters costs two: describe, then execute). For a
   * few fixed-text statements run very often; every distinct text is kept per connection. PGlite runs it as
   * `rows` does.
   */
  preparedRows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Any fixed number: all processes migrating the same PostgreSQL database take turns on it. */
const MIGRATION_LOCK_KEY = 7_160_328_011;

/** Tables whose rows carry `row_xid`, the transaction that last wrote them (migration 0012). */
const ROW_XID_TABLES = ['posts', 'people', 'employers', 'embeddings'] as const;

/**
 * A row whose `row_xid` is ahead of this cluster's transaction counter was copied from a cluster further
 * along (pg_dump and restore into a new server): every reader that asks what was written since its last
 * look (the memory index, the gateway's change watch) would see it as just written, at every look. Such rows
 * are stamped with the current transaction (the update trigger does it), once, after migrating. The index on
 * `row_xid` makes the check free when there are none.
 */
function restampRowXids(): SQL[] {
  return ROW_XID_TABLES.map(
    (table) => sql`update ${sql.identifier(table)} set row_xid = pg_current_xact_id()
      where row_xid >= pg_snapshot_xmax(pg_current_snapshot())`,
  );
}

export interface OpenOptions {
  /** postgres.js pool size per process. */
  maxConnections?: number;
}

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  return config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url, options);
}

export class DatabaseInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database at ${dataDir} is in use by process ${pid} (is \`pnpm start\` running?). ` +
        'Only one process can open it: stop that process first, or use the HTTP API while it runs.',
    );
    this.name = 'DatabaseInUseError';
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite has no postmaster to keep a second process out, and two writers would corrupt the directory, so
 * one process at a time holds a lock file. A lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'qihang.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseInUseError(dataDir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

async function openPglite(dataDir: string): Promise<Database> {
  // Loaded only here, where it is used: PGlite's module costs a process ~50 MB, which a server on PostgreSQL
  // has no use for. Before the data directory is locked, so a failed import leaves no lock behind.
  const [{ PGlite: PGliteClass }, { vector }, { drizzle: drizzlePglite }, { migrate: migratePglite }] =
    await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/vector'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
  // 'memory://' keeps everything in RAM (tests); anything else is a directory on disk.
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGliteClass.create(dataDir, { extensions: { vector } });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const rows = async <T extends Record<string, unknown>>(query: SQL) =>
    ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  return {
    kind: 'pglite',
    db,
    rows,
    // One connection in process: nothing to gain from naming statements.
    preparedRows: rows,
    async migrate() {
      // One PGlite instance has one connection and one owner process: no lock needed.
      await migratePglite(db as never, { migrationsFolder });
      for (const statement of restampRowXids()) await db.execute(statement);
    },
    async close() {
      if (!client.closed) await client.close();
      unlock();
    },
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  const dialect = new PgDialect();
  return {
    kind: 'postgres',
    db,
    async rows<T extends Record<string, unknown>>(query: SQL) {
      return (await db.execute(query)) as unknown as T[];
    },
    async preparedRows<T extends Record<string, unknown>>(query: SQL) {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return (await client.unsafe(text, params as never[], { prepare: true })) as unknown as T[];
    },
    async migrate() {
      // A dedicated single connection holds the advisory lock while it migrates, so several processes
      // starting at once apply each migration exactly once.
      const lockClient = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        const locked = drizzlePostgres({ client: lockClient });
        await migratePostgres(locked, { migrationsFolder });
        for (const statement of restampRowXids()) await locked.execute(statement);
      } finally {
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
        await lockClient.end({ timeout: 5 });
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** True when the migrations have been applied and the tables exist. */
export async function isMigrated(database: Database): Promise<boolean> {
  const [row] = await database.rows<{ exists: boolean }>(
    sql`select to_regclass('public.people') is not null as exists`,
  );
  return row?.exists === true;
}
