import { ConfigError, loadConfig } from '@qihang/shared/config/index';
import { DatabaseInUseError } from '@qihang/shared/db/client';
import { createLogger } from '@qihang/shared/log/index';
import { ModelUnavailableError } from '@qihang/shared/model/ensure';
import { ensureConsoleBuild } from './console/build';
import { startAllInOne } from './processes/start';

/** Start-up problems a user can fix: their message says how, and a stack trace would only hide it. */
const explained = (err: unknown) =>
  err instanceof ConfigError || err instanceof DatabaseInUseError || err instanceof ModelUnavailableError;

try {
  const config = loadConfig();
  const log = createLogger(config, { service: 'gateway' });
  if (config.secrets.idHashKeyIsDevelopmentDefault) {
    log.warn('ID_HASH_KEY is not set: using the development key (never do this in production)');
  }
  if (config.trustProxy === true) {
    log.warn(
      'TRUST_PROXY=true believes the leftmost X-Forwarded-For address, which clients can forge: the rate limit can be evaded; set the number of proxies (e.g. 1) or their addresses',
    );
  }
  if (config.audit.mode === 'buffered') {
    log.warn(
      'AUDIT_MODE=buffered: reads are answered before their audit rows are written; a crash loses the last 50 ms of them',
    );
  }
  await ensureConsoleBuild((msg) => log.info(msg));
  const server = await startAllInOne(config, log);
  const where =
    config.database.kind === 'pglite' ? `embedded PGlite at ${config.database.dataDir}` : 'PostgreSQL';
  const jobs =
    config.queue.kind === 'inline' ? 'jobs run in this process' : 'jobs go to Redis (run `pnpm worker`)';
  const demo = server.demoAccounts
    ? `  Demo sign-in (demo data only): ${server.demoAccounts.usernames.join(' / ')}, password ${server.demoAccounts.password}\n`
    : '';
  console.log(
    `\nQihang is running on ${where}; ${jobs}\n  Console: ${server.url}/  (web console: sign in in a browser)\n${demo}  API:  ${server.url}\n  Docs: ${server.url}/docs\n`,
  );
} catch (err) {
  if (!explained(err)) throw err;
  console.error((err as Error).message);
  process.exit(1);
}
