import { describe, expect, it } from 'vitest';
import { parseBoolean, parseLodging } from '../../src/normalize/booleans';

describe('booleans', () => {
  it('reads yes and no in their usual forms', () => {
    for (const v of ['是', ' 是 ', 'Y', 'yes', '√', '愿意', '有', 1, true])
      expect(parseBoolean(v)).toBe(true);
    for (const v of ['否', 'N', '×', '不愿意', '无', 0, false]) expect(parseBoolean(v)).toBe(false);
    expect(parseBoolean('看情况')).toBeNull();
  });

  it('reads 食宿 cells into accommodation and meals', () => {
    expect(parseLodging('包吃住')).toEqual({ accommodation: true, meals: true });
    expect(parseLodging('是')).toEqual({ accommodation: true, meals: true });
    expect(parseLodging('包住不包吃')).toEqual({ accommodation: true, meals: false });
    expect(parseLodging('提供工作餐')).toEqual({ accommodation: null, meals: true });
    expect(parseLodging('食宿自理')).toEqual({ accommodation: false, meals: false });
  });
});

describe('lodging phrases', () => {
  it('reads 有食堂，可住宿 as meals and accommodation, 包中餐/包午餐 as meals', () => {
    expect(parseLodging('有食堂，可住宿')).toEqual({ accommodation: true, meals: true });
    expect(parseLodging('包中餐')).toEqual({ accommodation: null, meals: true });
    expect(parseLodging('包午餐，住宿自理')).toEqual({ accommodation: false, meals: true });
    expect(parseLodging('不包住，包午餐')).toEqual({ accommodation: false, meals: true });
  });
});
