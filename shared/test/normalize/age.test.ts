import { describe, expect, it } from 'vitest';
import { parseAge } from '../../src/normalize/age';

describe('age', () => {
  it('reads ranges and one-sided limits', () => {
    expect(parseAge('18-45周岁')).toEqual({ ok: true, min: 18, max: 45, maxMale: null, maxFemale: null });
    expect(parseAge('45岁以下')).toMatchObject({ min: null, max: 45, maxMale: null });
    expect(parseAge('18周岁以上')).toMatchObject({ min: 18, max: null });
    expect(parseAge('１８～５０岁')).toMatchObject({ min: 18, max: 50 });
    expect(parseAge(' 18 - 55 ')).toMatchObject({ min: 18, max: 55 });
  });

  it('keeps per-gender limits only where the post states them', () => {
    expect(parseAge('男55女50岁以下')).toEqual({ ok: true, min: null, max: 55, maxMale: 55, maxFemale: 50 });
    expect(parseAge('男18-55岁，女18-50岁')).toEqual({
      ok: true,
      min: 18,
      max: 55,
      maxMale: 55,
      maxFemale: 50,
    });
    expect(parseAge('男性60周岁以下、女性55周岁以下')).toMatchObject({ maxMale: 60, maxFemale: 55 });
  });

  it('treats 不限 as no limits', () => {
    expect(parseAge('不限')).toEqual({ ok: true, min: null, max: null, maxMale: null, maxFemale: null });
  });

  it('rejects what it cannot read or what is out of range', () => {
    expect(parseAge('年轻')).toEqual({ ok: false, reason: '无法识别的年龄要求“年轻”' });
    expect(parseAge('50-18岁').ok).toBe(false);
    expect(parseAge('5-99岁').ok).toBe(false);
  });
});

describe('age limits as bureaus word them', () => {
  it('reads 女性优先 as a preference: the limit after it holds for everyone', () => {
    expect(parseAge('女性优先，40岁以下')).toEqual({
      ok: true,
      min: null,
      max: 40,
      maxMale: null,
      maxFemale: null,
    });
  });

  it("reads 女18-35 as the post's own limit, telling the caller it names one gender", () => {
    expect(parseAge('女18-35')).toEqual({
      ok: true,
      min: 18,
      max: 35,
      maxMale: null,
      maxFemale: 35,
      onlyGender: 'female',
    });
  });

  it('keeps per-gender limits where both are written', () => {
    expect(parseAge('男55女50岁以下')).toMatchObject({ ok: true, max: 55, maxMale: 55, maxFemale: 50 });
  });
});
