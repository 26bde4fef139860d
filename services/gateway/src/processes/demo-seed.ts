import type { Config } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { people, posts, systemState } from '@qihang/shared/db/schema/index';
import { loadDemoData } from '@qihang/shared/demo/index';
import { todayInChina } from '@qihang/shared/domain/index';
import type { Logger } from '@qihang/shared/log/index';
import { count, eq, sql } from 'drizzle-orm';

/** The `system_state` row that says the demo data set was loaded (and which). */
export const DEMO_KEY = 'demo_data';
const DEMO_LOCK_KEY = 7_160_328_012;

export type DemoSeedResult =
  | { loaded: true; people: number; posts: number; referenceDate: string }
  | { loaded: false; reason: string };

/**
 * Loads the demo data set into an empty database, once. The check, the load and the record that it happened
 * are one transaction (under an advisory lock on PostgreSQL), so two starts never load it twice and a start
 * that dies half-way leaves nothing behind.
 */
export async function seedDemoOnce(database: Database, config: Config, log: Logger): Promise<DemoSeedResult> {
  if (!config.demo.enabled) return { loaded: false, reason: 'DEMO_DATA=off' };
  return database.db.transaction(async (tx) => {
    if (database.kind === 'postgres') await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`);
    const [marker] = await tx.select().from(systemState).where(eq(systemState.key, DEMO_KEY));
    if (marker) return { loaded: false, reason: 'demo data already loaded' };
    const [peopleCount] = await tx.select({ n: count() }).from(people);
    const [postCount] = await tx.select({ n: count() }).from(posts);
    if ((peopleCount?.n ?? 0) > 0 || (postCount?.n ?? 0) > 0)
      return { loaded: false, reason: 'database has data' };
    // Around today unless DEMO_DATE says otherwise: generated around a fixed day, the demo's posts would
    // all have expired a year later and a newcomer's first start would recommend nothing.
    const referenceDate = config.demo.referenceDate ?? todayInChina();
    log.info(
      { people: config.demo.people, posts: config.demo.posts, seed: config.demo.seed, referenceDate },
      'loading demo data',
    );
    const summary = await loadDemoData(tx, {
      seed: config.demo.seed,
      people: config.demo.people,
      posts: config.demo.posts,
      referenceDate,
      idHashKey: config.secrets.idHashKey,
    });
    await tx.insert(systemState).values({
      key: DEMO_KEY,
      value: {
        seed: config.demo.seed,
        people: config.demo.people,
        posts: config.demo.posts,
        referenceDate,
        loadedAt: new Date().toISOString(),
      },
    });
    return { loaded: true, people: summary.people, posts: summary.posts, referenceDate };
  });
}
