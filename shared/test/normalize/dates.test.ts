import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/normalize/dates';

const iso = (v: unknown) => {
  const r = parseDate(v);
  return r.ok ? r.date : r.reason;
};

describe('dates', () => {
  it('reads the ways dates are written', () => {
    expect(iso('2026/3/5')).toBe('2026-03-05');
    expect(iso('2026-03-05')).toBe('2026-03-05');
    expect(iso('2026.3.5')).toBe('2026-03-05');
    expect(iso('2026年3月5日')).toBe('2026-03-05');
    expect(iso(' ２０２６年３月５日 ')).toBe('2026-03-05');
    expect(iso('20260305')).toBe('2026-03-05');
    expect(iso('2026年3月')).toBe('2026-03-01');
    expect(iso('2026/3/5 0:00:00')).toBe('2026-03-05');
    expect(iso('2026-03-11T00:00:00.000Z')).toBe('2026-03-11');
  });

  it('reads date cells and Excel serial numbers', () => {
    expect(iso(new Date(Date.UTC(2026, 2, 5)))).toBe('2026-03-05');
    expect(iso(46086)).toBe('2026-03-05');
    expect(iso('46086')).toBe('2026-03-05');
  });

  it('rejects impossible and unreadable dates', () => {
    expect(iso('2026/2/30')).toContain('不存在');
    expect(iso('下个月')).toContain('无法识别的日期');
  });
});
