import { describe, expect, it } from 'vitest';
import { contentHash, stableStringify } from '../../src/util/hash';

describe('stableStringify', () => {
  it('writes the exact form stored content hashes were made from (a change would mark every row of a re-upload as updated)', () => {
    const record = {
      title: '电焊工',
      pay: { min: 3500, max: null },
      skills: ['电焊', '叉车'],
      note: undefined,
      Zeta: true,
      nested: [{ b: 1, a: [null, 'x"y'] }],
    };
    expect(stableStringify(record)).toBe(
      '{"Zeta":true,"nested":[{"a":[null,"x\\"y"],"b":1}],"pay":{"max":null,"min":3500},"skills":["电焊","叉车"],"title":"电焊工"}',
    );
  });

  it('does not depend on key order, and tells different values apart', () => {
    const a = { region: '370102', headcount: 5, skills: ['电焊'] };
    const b = { skills: ['电焊'], headcount: 5, region: '370102' };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash({ ...a, headcount: 6 })).not.toBe(contentHash(a));
    expect(contentHash({ ...a, skills: ['叉车'] })).not.toBe(contentHash(a));
  });

  it('writes scalars and empty containers as JSON does', () => {
    expect(stableStringify(null)).toBe('null');
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify('a')).toBe('"a"');
    expect(stableStringify([])).toBe('[]');
    expect(stableStringify({})).toBe('{}');
    expect(stableStringify({ a: undefined })).toBe('{}');
    expect(stableStringify([undefined, 1])).toBe('[null,1]');
  });
});
