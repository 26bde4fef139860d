import { describe, expect, it } from 'vitest';
import { parsePay } from '../../src/normalize/pay';

const range = (text: string) => {
  const r = parsePay(text);
  return r.ok ? [r.min, r.max] : r.reason;
};

describe('pay', () => {
  it('reads monthly ranges in the ways they are written', () => {
    expect(range('3500-5000元/月')).toEqual([3500, 5000]);
    expect(range('4-6千')).toEqual([4000, 6000]);
    expect(range('4k-6k')).toEqual([4000, 6000]);
    expect(range('4K~6K')).toEqual([4000, 6000]);
    expect(range('４０００－６０００')).toEqual([4000, 6000]);
    expect(range(' 4000 至 6000 元 ')).toEqual([4000, 6000]);
    expect(range('0.8-1.2万')).toEqual([8000, 12000]);
    expect(range('月薪5000')).toEqual([5000, 5000]);
  });

  it('keeps open-ended pay as a minimum only', () => {
    expect(range('5000以上')).toEqual([5000, null]);
    expect(range('保底4000+提成')).toEqual([4000, null]);
    expect(range('3000元起')).toEqual([3000, null]);
  });

  it('converts daily, hourly and yearly pay to monthly', () => {
    expect(range('日结150元')).toEqual([3900, 3900]);
    expect(range('150-200元/天')).toEqual([3900, 5200]);
    expect(range('时薪20元')).toEqual([4160, 4160]);
    expect(range('年薪6万')).toEqual([5000, 5000]);
  });

  it('treats 面议 as negotiable, with no range', () => {
    expect(parsePay('面议')).toEqual({ ok: true, min: null, max: null, negotiable: true, basis: 'month' });
  });

  it('rejects what it cannot read, in Chinese', () => {
    expect(range('待遇好')).toBe('无法识别的薪资“待遇好”');
    expect(range('6000-4000')).toContain('下限高于上限');
  });

  it('stores 计件 / 提成 as the pay kind, with the floor where one is written', () => {
    const kind = (t: string) => {
      const r = parsePay(t);
      return r.ok ? [r.kind ?? null, r.min, r.max] : r.reason;
    };
    expect(kind('计件')).toEqual(['piece', null, null]);
    expect(kind('计件，0.5元/件')).toEqual(['piece', null, null]);
    expect(kind('计件，保底3000')).toEqual(['piece', 3000, null]);
    expect(kind('底薪3000+提成')).toEqual(['commission', 3000, null]);
    expect(kind('提成')).toEqual(['commission', null, null]);
    expect(kind('4000-6000')).toEqual([null, 4000, 6000]);
  });
});
