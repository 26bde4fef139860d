import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertJson } from '../src/persist/bulk';

const COLUMNS = {
  id: 'uuid',
  n: 'int',
  r: 'real',
  b: 'boolean',
  d: 'date',
  t: 'text',
  v: 'varchar(6)',
  arr: 'text[]',
  j: 'jsonb',
};

describe.each(['pglite', 'postgres'] as const)('insertJson on %s', (kind) => {
  let t: Awaited<ReturnType<typeof migratedTestDatabase>>;
  beforeAll(async () => {
    t = await migratedTestDatabase(kind);
    await t.database.rows(
      sql.raw(
        'create table bulk_probe (id uuid primary key, n int, r real, b boolean, d date, t text, v varchar(6), arr text[], j jsonb)',
      ),
    );
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('stores every value as read: nulls, empty and awkward lists, nested JSON, quotes and line breaks', async () => {
    const full = {
      id: '00000000-0000-4000-8000-000000000001',
      n: 3500,
      r: 0.75,
      b: false,
      d: new Date(Date.UTC(2026, 10, 22)),
      t: '他说"包吃住"\\n第二行\n真的换行\t制表',
      v: '370102',
      arr: ['电焊', '叉车,证', '{括号}', 'a"b\\c', ''],
      j: { 企业名称: '鲁焊', 人数: 5, 空: null, 列表: [1, '二'] },
    };
    const empty = {
      id: '00000000-0000-4000-8000-000000000002',
      n: null,
      r: null,
      b: null,
      d: null,
      t: null,
      v: null,
      arr: [],
      j: null,
    };
    const absent = { id: '00000000-0000-4000-8000-000000000003' };
    await insertJson(t.database.db, 'bulk_probe', COLUMNS, [full, empty, absent]);
    const rows = await t.database.rows<Record<string, unknown>>(
      sql.raw(
        'select id, n, r, b, to_char(d, \'YYYY-MM-DD\') as d, t, v, arr, j, j is null as "jIsNull" from bulk_probe order by id',
      ),
    );
    expect(rows).toEqual([
      // A JSON null is stored as SQL NULL, not as the JSON value null.
      { ...full, d: '2026-11-22', jIsNull: false },
      { ...empty, arr: [], jIsNull: true },
      { ...empty, id: absent.id, arr: null, jIsNull: true },
    ]);
  });

  it('refuses a value longer than its column instead of cutting it short (a cut region code is another region)', async () => {
    const row = { id: '00000000-0000-4000-8000-000000000005', v: '3701021' };
    const err = await insertJson(t.database.db, 'bulk_probe', COLUMNS, [row]).then(
      () => null,
      (e: Error & { cause?: Error }) => e,
    );
    // drizzle wraps the database's error: the reason is in its cause.
    expect(err?.cause?.message ?? err?.message).toMatch(/too long/);
    const found = await t.database.rows(sql.raw(`select 1 from bulk_probe where id = '${row.id}'`));
    expect(found).toHaveLength(0);
  });

  it('applies the conflict clause', async () => {
    const row = { id: '00000000-0000-4000-8000-000000000009', n: 1, arr: ['x'] };
    await insertJson(t.database.db, 'bulk_probe', COLUMNS, [row]);
    await insertJson(t.database.db, 'bulk_probe', COLUMNS, [{ ...row, n: 2 }], 'on conflict (id) do nothing');
    const [stored] = await t.database.rows<{ n: number }>(
      sql.raw(`select n from bulk_probe where id = '${row.id}'`),
    );
    expect(stored?.n).toBe(1);
  });
});
