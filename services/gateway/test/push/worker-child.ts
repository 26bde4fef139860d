/**
 * A deliver worker in its own process, for the kill test:
 * `node --import tsx worker-child.ts <postgres url> <redis url>`; prints "ready" once its workers run.
 */
import { openDatabase } from '@qihang/shared/db/client';
import { createQueueWorkers } from '@qihang/shared/queue/runtime';
import { deliverHandler } from '../../src/push/deliver';
import { fastDeps } from './world';

const [databaseUrl, redisUrl] = process.argv.slice(2);
if (!databaseUrl || !redisUrl) throw new Error('usage: worker-child <postgres url> <redis url>');
const database = await openDatabase({ kind: 'postgres', url: databaseUrl }, { maxConnections: 2 });
const noop = async () => {};
const workers = createQueueWorkers(
  redisUrl,
  { deliver: deliverHandler, embed: noop, reindex: noop },
  fastDeps(database, { timeoutMs: 10_000, leaseMs: 1_500 }),
  { options: { lockDuration: 2_000, stalledInterval: 1_000 } },
);
await Promise.all(workers.workers.map((w) => w.waitUntilReady()));
process.stdout.write('ready\n');
