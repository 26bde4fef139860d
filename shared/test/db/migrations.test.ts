import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, isMigrated, migrationsFolder } from '../../src/db/client';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../src/testing/databases';

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};
const migrationCount = journal.entries.length;

const expectedTables = [
  'api_keys',
  'audit_log',
  'deliveries',
  'embeddings',
  'employers',
  'facilities',
  'fair_employers',
  'fair_participants',
  'fair_posts',
  'fair_shortlists',
  'feeds',
  'ingest_batches',
  'intents',
  'job_fairs',
  'occupations',
  'outbox',
  'people',
  'people_versions',
  'person_consents',
  'person_sources',
  'placements',
  'portal_subscriptions',
  'portals',
  'post_sources',
  'posts',
  'posts_versions',
  'regions',
  'rejected_rows',
  'retention_checks',
  'sessions',
  'sign_in_throttles',
  'system_state',
  'training_courses',
  'users',
  'vocabulary',
];

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let target: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('creates every table of the data model and the vector extension', async () => {
    expect(await isMigrated(database)).toBe(false);
    await database.migrate();
    expect(await isMigrated(database)).toBe(true);
    const tables = await database.rows<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expectedTables);
    const ext = await database.rows<{ extname: string }>(
      sql`select extname from pg_extension where extname = 'vector'`,
    );
    expect(ext).toHaveLength(1);
  });

  it('applies each migration once, however often it runs', async () => {
    await database.migrate();
    await database.migrate();
    const applied = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied[0]?.n).toBe(migrationCount);
  });
});

describe('migrations on postgres from several processes at once', () => {
  it('serialise on the advisory lock: all succeed, each migration applied once', async () => {
    const target = await createTestDatabase('postgres');
    const clients = await Promise.all([target.open(), target.open(), target.open()]);
    try {
      await Promise.all(clients.map((c) => c.migrate()));
      const applied = await clients[0]!.rows<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied[0]?.n).toBe(migrationCount);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await target.drop();
    }
  });
});

describe('the embedded database directory', () => {
  it('is opened by one process at a time, with a message saying who holds it', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const { openDatabase, DatabaseInUseError } = await import('../../src/db/client');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qihang-lock-'));
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      // Another live process holds it: pid 1 is always alive.
      await first.close();
      await writeFile(path.join(dir, 'qihang.lock'), '1');
      await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DatabaseInUseError);
      await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(/in use by process 1/);
      // A lock left by a process that has died is taken over.
      await writeFile(path.join(dir, 'qihang.lock'), '999999');
      const again = await openDatabase({ kind: 'pglite', dataDir: dir });
      await again.close();
    } finally {
      await first.close();
    }
  });
});
