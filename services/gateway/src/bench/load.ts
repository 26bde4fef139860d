import type { Database } from '@qihang/shared/db/client';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Drives `paths` (in turn, on every connection) for `seconds` with autocannon and summarizes the run. */
export async function runLoad(
  base: string,
  paths: readonly string[],
  opts: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const result = await autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers ?? {},
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A route that does nothing, in a bare fastify of its own: the yardstick the gateway is compared with. */
export async function startBareServer(): Promise<{ base: string; close: () => Promise<void> }> {
  const bare = Fastify();
  bare.get('/bare', async () => ({ ok: true }));
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
