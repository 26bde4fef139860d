import type { Config } from './config';
import { type Database, openDatabase } from './db/client';
import type { Logger } from './log';
import { loadReferenceData } from './reference';

/**
 * Opens the configured database, applies migrations and loads the reference data (regions, occupations,
 * vocabulary). Every process runs this at start; every step is idempotent.
 */
export async function prepareDatabase(config: Config, log?: Logger): Promise<Database> {
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const summary = await loadReferenceData(database.db, config);
    log?.info({ database: database.kind, ...summary }, 'database ready');
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}
