import { ConfigError, loadConfig } from '@qihang/shared/config/index';
import { createLogger } from '@qihang/shared/log/index';
import { startAllInOne } from './embedded/start';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const log = createLogger(config, { service: 'gateway' });
if (config.secrets.idHashKeyIsDevelopmentDefault) {
  log.warn('ID_HASH_KEY is not set: using the development key (never do this in production)');
}
const server = await startAllInOne(config, log);
const where =
  config.database.kind === 'pglite' ? `embedded PGlite at ${config.database.dataDir}` : 'PostgreSQL';
console.log(`\nQihang is running on ${where}\n  API:  ${server.url}\n  Docs: ${server.url}/docs\n`);
