import { prepareDatabase } from '@qihang/shared/bootstrap';
import { loadConfig } from '@qihang/shared/config/index';
import { todayInChina } from '@qihang/shared/domain/index';
import { createLogger } from '@qihang/shared/log/index';
import { createTestDatabase } from '@qihang/shared/testing/databases';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemoOnce } from '../../src/processes/demo-seed';

describe('loading the demo data on PostgreSQL', () => {
  it('loads it once when two processes start at the same moment', async () => {
    const target = await createTestDatabase('postgres');
    const config = {
      ...loadConfig({ DEMO_PEOPLE: '50', DEMO_POSTS: '20' }),
      database: target.config,
      occupationsFile: undefined,
    };
    const log = createLogger({ logLevel: 'silent' });
    const [a, b] = await Promise.all([prepareDatabase(config), prepareDatabase(config)]);
    try {
      const results = await Promise.all([seedDemoOnce(a, config, log), seedDemoOnce(b, config, log)]);
      expect(results.filter((r) => r.loaded)).toHaveLength(1);
      expect(results.find((r) => !r.loaded)).toMatchObject({ reason: 'demo data already loaded' });
      const [counts] = await a.rows<{ people: number; posts: number }>(
        sql`select (select count(*)::int from people) as people, (select count(*)::int from posts) as posts`,
      );
      expect(counts).toEqual({ people: 50, posts: 20 });
      // A later start finds it loaded.
      expect(await seedDemoOnce(a, config, log)).toEqual({
        loaded: false,
        reason: 'demo data already loaded',
      });
    } finally {
      await a.close();
      await b.close();
      await target.drop();
    }
  });

  it('does not load it into a database that already has data of its own', async () => {
    const target = await createTestDatabase('postgres');
    const config = {
      ...loadConfig({ DEMO_PEOPLE: '10', DEMO_POSTS: '5' }),
      database: target.config,
      occupationsFile: undefined,
    };
    const log = createLogger({ logLevel: 'silent' });
    const database = await prepareDatabase(config);
    try {
      await database.rows(sql`insert into employers (name, region_code) values ('某某公司', '370102')`);
      await database.rows(sql`insert into posts (employer_id, title, headcount, region_code, content_hash)
        select id, '保洁员', 2, '370102', 'h' from employers`);
      expect(await seedDemoOnce(database, config, log)).toEqual({
        loaded: false,
        reason: 'database has data',
      });
    } finally {
      await database.close();
      await target.drop();
    }
  });

  it('generates the demo around the day it is first loaded, or DEMO_DATE', async () => {
    const log = createLogger({ logLevel: 'silent' });
    const openToday = async (env: Record<string, string>, today: string) => {
      const target = await createTestDatabase('postgres');
      const config = {
        ...loadConfig({ DEMO_PEOPLE: '50', DEMO_POSTS: '200', ...env }),
        database: target.config,
        occupationsFile: undefined,
      };
      const database = await prepareDatabase(config);
      try {
        const seeded = await seedDemoOnce(database, config, log);
        const [row] = await database.rows<{ open: number; valid: number }>(sql`
          select count(*)::int as open, count(*) filter (where valid_to >= ${today}::date)::int as valid
          from posts where status = 'open'`);
        return { seeded, ...(row ?? { open: 0, valid: 0 }) };
      } finally {
        await database.close();
        await target.drop();
      }
    };
    const today = todayInChina();
    const fresh = await openToday({}, today);
    expect(fresh.seeded).toMatchObject({ loaded: true, referenceDate: today });
    // Most open posts can still be applied to today (a few are left open past their end, as in life).
    expect(fresh.valid / fresh.open).toBeGreaterThan(0.7);
    const dated = await openToday({ DEMO_DATE: '2024-05-01' }, '2024-05-01');
    expect(dated.seeded).toMatchObject({ loaded: true, referenceDate: '2024-05-01' });
    expect(dated.valid / dated.open).toBeGreaterThan(0.7);
  });
});
