import type { Database } from '@qihang/shared/db/client';
import type { JobHandlers } from '@qihang/shared/queue/runtime';
import { sql } from 'drizzle-orm';

/**
 * A stand-in for the matcher's handlers: each job's effect is an upsert by job id (as a real handler
 * upserts by natural key), and `calls` counts how often it actually ran.
 */
export const createEffectsTable = (database: Database) =>
  database.db.execute(
    sql`create table if not exists test_effects (job_id text primary key, calls int not null)`,
  );

export const effectKey = (p: { ownerType: string; ownerId: string; contentHash: string }) =>
  `embed-${p.ownerType}-${p.ownerId}-${p.contentHash.slice(0, 16)}`;

export function recordingHandlers(database: Database, delayMs = 0): JobHandlers<unknown> {
  const record = async (key: string) => {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    await database.db.execute(
      sql`insert into test_effects (job_id, calls) values (${key}, 1)
          on conflict (job_id) do update set calls = test_effects.calls + 1`,
    );
  };
  return {
    embed: async (_deps, p) => record(effectKey(p)),
    reindex: async (_deps, p) => record(`reindex-${p.ownerType}`),
    deliver: async (_deps, p) => record(`deliver-${p.deliveryId}`),
  };
}

export async function effects(database: Database): Promise<{ job_id: string; calls: number }[]> {
  return database.rows(sql`select job_id, calls from test_effects order by job_id`);
}
