import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client';
import { databaseKinds, migratedTestDatabase } from '../../src/testing/databases';

describe.each(databaseKinds)('prepared statements on %s', (kind) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase(kind));
  });
  afterAll(() => cleanup?.());

  it('give the same rows as an unprepared statement, run after run, with each run its own parameters', async () => {
    const query = (n: number, label: string) =>
      sql`select ${label}::text as label, x from generate_series(1, ${n}::int) as x order by x`;
    for (const [n, label] of [
      [3, 'a'],
      [5, '乙'],
      [3, 'a'],
    ] as const) {
      const prepared = await database.preparedRows<{ label: string; x: number }>(query(n, label));
      expect(prepared).toEqual(await database.rows(query(n, label)));
      expect(prepared.map((r) => r.label)).toEqual(Array(n).fill(label));
    }
  });

  it('pass a JSON parameter intact (the audit rows travel that way)', async () => {
    const rows = [{ route: 'GET /v1/people/:id', purpose: '招聘会 "春风行动"' }];
    const [row] = await database.preparedRows<{ n: number; purpose: string }>(sql`
      select count(*)::int as n, max(r.purpose) as purpose
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(route text, purpose text)`);
    expect(row).toEqual({ n: 1, purpose: '招聘会 "春风行动"' });
  });
});

describe('prepared statements on postgres, one connection', () => {
  it('are kept by the server and reused: one entry per statement text, however often it runs', async () => {
    const { database: migrated, config, cleanup } = await migratedTestDatabase('postgres');
    await migrated.close();
    const database = await openDatabase(config, { maxConnections: 1 });
    try {
      const count = async () =>
        Number(
          (
            await database.rows<{ n: number }>(
              sql`select count(*)::int as n from pg_prepared_statements where statement like '%qihang_probe%'`,
            )
          )[0]?.n,
        );
      await database.rows(sql`select ${1}::int as qihang_probe`);
      expect(await count()).toBe(0);
      for (let i = 0; i < 3; i++) await database.preparedRows(sql`select ${i}::int as qihang_probe`);
      expect(await count()).toBe(1);
    } finally {
      await database.close();
      await cleanup();
    }
  });
});
