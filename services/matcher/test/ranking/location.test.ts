import { regionContains } from '@qihang/shared/domain/regions';
import { describe, expect, it } from 'vitest';
import { reachOf, regionRanges } from '../../src/ranking/location';
import { person } from '../support';

describe('region ranges for SQL', () => {
  it('select exactly the codes regionContains accepts', () => {
    const areas = ['370000', '370100', '370102', '110000', '110100', '433122'];
    const codes = [
      '370000',
      '370100',
      '370102',
      '370211',
      '371000',
      '380000',
      '110101',
      '110100',
      '433122',
      '433101',
    ];
    const ranges = regionRanges(reachOf(person({ acceptableRegionCodes: areas })))!;
    areas.forEach((area, i) => {
      const [lo, hi] = ranges[i]!;
      for (const code of codes)
        expect(code >= lo && code <= hi, `${area} ∋ ${code}`).toBe(regionContains(area, code));
    });
  });

  it('do not restrict someone who will go anywhere', () => {
    expect(regionRanges(reachOf(person({ acceptableRegionCodes: [], willingToRelocate: true })))).toBeNull();
  });
});
