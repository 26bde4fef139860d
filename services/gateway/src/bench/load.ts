import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Database } from '@qihang/shared/db/client';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyReply } from 'fastify';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU the load generator's process spent a request, µs. */
  client_cpu_us: number;
}

/**
 * Drives `paths` (in turn, on every connection) for `seconds` with autocannon in a child process of its own,
 * so the load generator (which reads and parses every response) does not share the server's event loop.
 */
export async function runLoad(
  base: string,
  paths: readonly string[],
  opts: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./load-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  child.send({ base, paths, ...opts });
  try {
    return await result;
  } finally {
    child.kill();
  }
}

/** The load itself, run in the child (load-child.ts). */
export async function generateLoad(
  base: string,
  paths: readonly string[],
  opts: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers ?? {},
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const used = process.cpuUsage(cpu);
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    client_cpu_us: (used.user + used.system) / Math.max(1, result.requests.total),
  };
}

/**
 * A route that does nothing, in a bare fastify of its own: the yardstick the gateway is compared with. With
 * `page`, two more routes send those bytes as they are and gzip-compressed, to tell what moving a response of
 * that size costs. With `audit` too, the endpoint-shaped route awaits it (an audit row for the person asked
 * about) before answering: what the audit guarantee alone costs, with nothing else of the gateway's.
 */
export async function startBareServer(
  page?: Buffer,
  audit?: (personId: string) => Promise<void>,
): Promise<{ base: string; close: () => Promise<void> }> {
  const bare = Fastify();
  bare.get('/bare', async () => ({ ok: true }));
  if (page) {
    const zipped = gzipSync(page, { level: 6 });
    bare.get('/bare-page', (_req, reply) => reply.type('application/json; charset=utf-8').send(page));
    bare.get('/bare-page-gzip', (_req, reply) =>
      reply.type('application/json; charset=utf-8').header('content-encoding', 'gzip').send(zipped),
    );
    // The endpoint's own paths, answered with the same bytes and headers and nothing else: driven with the
    // same request headers, it tells the gateway's work (key, scope, audit, cache) from the load generator's.
    const send = (reply: FastifyReply) =>
      reply
        .header('vary', 'accept-encoding')
        .type('application/json; charset=utf-8')
        .header('content-encoding', 'gzip')
        .send(zipped);
    if (audit) {
      bare.get<{ Params: { id: string } }>('/v1/people/:id/recommendations', async (req, reply) => {
        await audit(req.params.id);
        return send(reply);
      });
    } else {
      bare.get('/v1/people/:id/recommendations', (_req, reply) => send(reply));
    }
  }
  const base = await bare.listen({ host: '127.0.0.1', port: 0 });
  return { base, close: () => bare.close() };
}

/** The city most people come from, and up to `n` of its active people: whom a bureau there would ask about. */
export async function peopleOfBusiestCity(database: Database, n: number) {
  const [row] = await database.rows<{ city: string }>(sql`
    select left(origin_region_code, 4) || '00' as city from people group by 1 order by count(*) desc limit 1`);
  if (!row) throw new Error('no people loaded');
  const people = await database.rows<{ id: string }>(sql`
    select id::text as id from people where origin_region_code like ${`${row.city.slice(0, 4)}%`}
      and status = 'active' order by id limit ${n}`);
  return { city: row.city, ids: people.map((p) => p.id) };
}
