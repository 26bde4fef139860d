import { describe, expect, it } from 'vitest';
import { regionAncestors, regionContains, regionLevel } from '../../src/domain/regions';

describe('region codes', () => {
  it('knows the level from the code', () => {
    expect(regionLevel('430000')).toBe(1);
    expect(regionLevel('433100')).toBe(2);
    expect(regionLevel('433122')).toBe(3);
  });

  it('lists ancestors nearest first', () => {
    expect(regionAncestors('370102')).toEqual(['370102', '370100', '370000']);
    expect(regionAncestors('370100')).toEqual(['370100', '370000']);
  });

  it('a city accepts its districts, a province its cities, a county only itself', () => {
    expect(regionContains('370100', '370102')).toBe(true); // 济南市 ⊃ 历下区
    expect(regionContains('370000', '370102')).toBe(true); // 山东省 ⊃ 历下区
    expect(regionContains('370100', '370200')).toBe(false); // 济南市 ⊅ 青岛市
    expect(regionContains('433122', '433122')).toBe(true);
    expect(regionContains('433122', '433123')).toBe(false);
    expect(regionContains('370102', '370100')).toBe(false); // a district does not contain its city
  });
});
