/**
 * A worker process for the crash test: `node --import tsx worker-child.ts <postgres url> <redis url>`.
 * Prints "ready" once its workers run; the test kills it with SIGKILL mid-batch.
 */
import { openDatabase } from '@qihang/shared/db/client';
import { createQueueWorkers } from '@qihang/shared/queue/runtime';
import { recordingHandlers } from './effects';

const [databaseUrl, redisUrl] = process.argv.slice(2);
if (!databaseUrl || !redisUrl) throw new Error('usage: worker-child <postgres url> <redis url>');
const database = await openDatabase({ kind: 'postgres', url: databaseUrl }, { maxConnections: 4 });
const workers = createQueueWorkers(
  redisUrl,
  recordingHandlers(database, 15),
  {},
  {
    concurrency: { embed: 4 },
    options: { lockDuration: 2_000, stalledInterval: 1_000 },
  },
);
await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
process.stdout.write('ready\n');
