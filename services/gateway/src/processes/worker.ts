import { createEmbedder } from '@qihang/matcher';
import { prepareDatabase } from '@qihang/shared/bootstrap';
import { ConfigError, loadConfig } from '@qihang/shared/config/index';
import { createLogger } from '@qihang/shared/log/index';
import { ensureModel, ModelUnavailableError } from '@qihang/shared/model/ensure';
import { createOutboxRelay } from '@qihang/shared/queue/relay';
import closeWithGrace from 'close-with-grace';
import { startJobs } from './jobs';

/**
 * `pnpm worker`: the production job process. BullMQ workers for every job of the contract (embedding,
 * re-indexing, delivery), the outbox relay, the portal-feed timer and the push sweeper (retries, weekly push). Run as many as the queue needs.
 */
try {
  const config = loadConfig();
  if (config.queue.kind !== 'redis') {
    throw new ConfigError([
      {
        variable: 'REDIS_URL',
        message: 'the worker needs Redis; without it `pnpm start` runs the jobs itself',
      },
    ]);
  }
  const log = createLogger(config, { service: 'worker' });
  const database = await prepareDatabase(config, log);
  await ensureModel(config.modelDir, { log: (msg) => log.info(msg) });
  const embedder = await createEmbedder({ modelDir: config.modelDir });
  const jobs = startJobs(
    config,
    { database, embedder, log },
    { kind: 'workers', redisUrl: config.queue.url },
  );
  const relay = createOutboxRelay(database, config.queue.url, { log });
  relay.start();
  closeWithGrace({ delay: 30_000 }, async ({ err, signal }) => {
    if (err) log.error({ err }, 'fatal error, closing');
    else log.info({ signal }, 'closing');
    await relay.stop();
    await jobs.stop();
    await database.close();
  });
  log.info({ model: embedder.model }, 'worker ready');
  console.log('Qihang worker is running');
} catch (err) {
  if (!(err instanceof ConfigError || err instanceof ModelUnavailableError)) throw err;
  console.error(err.message);
  process.exit(1);
}
