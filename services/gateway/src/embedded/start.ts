import { prepareDatabase } from '@qihang/shared/bootstrap';
import type { Config } from '@qihang/shared/config/index';
import type { Logger } from '@qihang/shared/log/index';
import { type RunningServer, startServer } from '../server';
import { seedDemoOnce } from './demo-seed';

/**
 * The all-in-one process behind `pnpm start`: migrate, load reference data, load the demo data into an
 * empty database, then serve the gateway. Works again on an existing data directory.
 */
export async function startAllInOne(config: Config, log: Logger): Promise<RunningServer> {
  const database = await prepareDatabase(config, log);
  try {
    const seeded = await seedDemoOnce(database, config, log);
    log.info(seeded, seeded.loaded ? 'demo data loaded' : 'demo data not loaded');
    return await startServer({ config, database }, log, () => database.close());
  } catch (err) {
    await database.close();
    throw err;
  }
}
