import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildPlaceIndex,
  describePlaceFailure,
  type PlaceIndex,
  resolvePlace,
  shortForms,
} from '../../src/normalize/places';
import { readRegions } from '../../src/reference';

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
    expect(shortForms('湘西土家族苗族自治州', 2)).toEqual(['湘西', '湘西州']);
    expect(shortForms('泸溪县', 3)).toEqual(['泸溪']);
    expect(shortForms('广西壮族自治区', 1)).toEqual(['广西']);
    expect(shortForms('城步苗族自治县', 3)).toEqual(['城步', '城步县']);
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
