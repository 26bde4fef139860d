import { describe, expect, it } from 'vitest';
import { parseBirth } from '../../src/normalize/birth';

const year = (v: unknown) => {
  const r = parseBirth(v, 2026);
  return r.ok ? [r.year, r.month, r.day] : r.reason;
};

describe('birth dates as bureaus write them', () => {
  it('reads two-digit years, day-first dates and Chinese month forms', () => {
    expect(year('88-5')).toEqual([1988, 5, null]);
    expect(year('90.05')).toEqual([1990, 5, null]);
    expect(year('78年7月')).toEqual([1978, 7, null]);
    expect(year('05/12/1990')).toEqual([1990, 12, 5]);
    expect(year('1985-03-11')).toEqual([1985, 3, 11]);
    expect(year('1985年3月')).toEqual([1985, 3, null]);
    expect(year(1985)).toEqual([1985, null, null]);
    // A two-digit year is the one that makes the person at least 16 (2026: 05 is 2005, 12 is 1912).
    expect(year('05-3')).toEqual([2005, 3, null]);
  });

  it('reads a date serial in a text cell as the date it is, not the year 3111', () => {
    expect(year('31117')).toEqual([1985, 3, 11]);
    expect(year(31117)).toEqual([1985, 3, 11]);
  });

  it('refuses what is not a date, with a reason', () => {
    expect(year('八五年')).toMatch(/无法识别的出生日期/);
    expect(year('1985-13')).toMatch(/月份13不存在/);
  });
});
