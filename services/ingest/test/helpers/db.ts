import type { DatabaseConfig } from '@qihang/shared/config/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import type { IngestDeps } from '../../src/types';

export const TEST_ID_HASH_KEY = 'test-only-id-hash-key-0123456789abcdef';

/** A fresh migrated database with the reference data, and ingest deps over it. */
export async function ingestTestDatabase(kind: DatabaseConfig['kind']) {
  const t = await migratedTestDatabase(kind);
  await loadReferenceData(t.database.db, { occupationsFile: undefined });
  const deps: IngestDeps = { database: t.database, idHashKey: TEST_ID_HASH_KEY };
  return { ...t, deps };
}
