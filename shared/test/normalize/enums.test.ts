import { describe, expect, it } from 'vitest';
import {
  parseCount,
  parseEducation,
  parseGender,
  parseMinEducation,
  parsePhone,
  parsePostType,
  parseStatusCategory,
  parseStayLocalReason,
} from '../../src/normalize/enums';

describe('enums', () => {
  it('reads education levels', () => {
    expect(parseEducation('初中')).toBe('junior');
    expect(parseEducation('中专/技校')).toBe('vocational');
    expect(parseEducation('大專')).toBe('college');
    expect(parseEducation('文盲')).toBe('none');
    expect(parseMinEducation('初中及以上')).toBe('junior');
    expect(parseMinEducation('不限')).toBeNull();
    expect(parseMinEducation('会写字')).toBeUndefined();
  });

  it('reads gender, status category, stay-local reason and post type', () => {
    expect(parseGender(' 男 ')).toBe('male');
    expect(parseGender('女性')).toBe('female');
    expect(parseStatusCategory('强制隔离戒毒人员')).toBe('compulsory_rehab');
    expect(parseStatusCategory('社区康复')).toBe('community_rehab');
    expect(parseStatusCategory('刑释人员')).toBe('released_prisoner');
    expect(parseStatusCategory('脱贫劳动力')).toBe('rural_poor');
    expect(parseStayLocalReason('需照顾老人')).toBe('family_care');
    expect(parsePostType('公益性岗位')).toBe('public_welfare');
    expect(parsePostType('扶贫车间')).toBe('poverty_workshop');
  });

  it('reads phone numbers and counts', () => {
    expect(parsePhone('138 0013 8000')).toBe('13800138000');
    expect(parsePhone('+86 13800138000')).toBe('13800138000');
    expect(parsePhone('12345')).toBeNull();
    expect(parseCount('２０人')).toBe(20);
    expect(parseCount('若干')).toBeNull();
    expect(parseCount(5)).toBe(5);
  });
});

describe('headcounts as bureaus write them', () => {
  it('reads Chinese numerals, ranges (up to the upper end) and 若干 (unknown)', async () => {
    const { parseHeadcount } = await import('../../src/normalize/enums');
    expect(parseHeadcount('两名')).toEqual({ ok: true, count: 2 });
    expect(parseHeadcount('十')).toEqual({ ok: true, count: 10 });
    expect(parseHeadcount('三十五人')).toEqual({ ok: true, count: 35 });
    expect(parseHeadcount('3-5')).toEqual({ ok: true, count: 5, range: [3, 5] });
    expect(parseHeadcount('3至5人')).toEqual({ ok: true, count: 5, range: [3, 5] });
    expect(parseHeadcount('若干')).toEqual({ ok: true, count: null, unknown: true });
    expect(parseHeadcount('5-3')).toEqual({ ok: false });
    expect(parseHeadcount('一些')).toEqual({ ok: false });
  });
});
