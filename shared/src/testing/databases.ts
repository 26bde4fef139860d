import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { DatabaseConfig } from '../config';
import { loadConfig } from '../config';
import { type Database, openDatabase } from '../db/client';

/**
 * Fresh databases for integration tests and benchmarks: PGlite in memory, or a new database on the real
 * PostgreSQL server, dropped again on `drop()`. Each call is isolated from every other.
 */
export interface TestDatabase {
  kind: DatabaseConfig['kind'];
  config: DatabaseConfig;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export const databaseKinds = ['pglite', 'postgres'] as const;

export async function createTestDatabase(
  kind: DatabaseConfig['kind'],
  prefix = 'qihang_test',
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const config: DatabaseConfig = { kind: 'pglite', dataDir: 'memory://' };
    return { kind, config, open: () => openDatabase(config), drop: async () => {} };
  }
  const adminUrl = loadConfig().testing.postgresAdminUrl;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config: DatabaseConfig = { kind: 'postgres', url: url.toString() };
  return {
    kind,
    config,
    open: () => openDatabase(config),
    async drop() {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}

/** Opens a fresh, migrated database of the given kind; `cleanup` closes and drops it. */
export async function migratedTestDatabase(kind: DatabaseConfig['kind']) {
  const target = await createTestDatabase(kind);
  const database = await target.open();
  await database.migrate();
  return {
    database,
    config: target.config,
    async cleanup() {
      await database.close();
      await target.drop();
    },
  };
}
