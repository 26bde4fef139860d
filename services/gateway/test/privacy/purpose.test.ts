import { describe, expect, it } from 'vitest';
import { decodePurpose } from '../../src/privacy/audit';

/** What the HTTP parser hands over for header bytes: one Latin-1 character a byte. */
const onTheWire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('the purpose a caller states (x-purpose)', () => {
  it('reads Chinese percent-encoded, or as raw UTF-8 bytes as curl sends it', () => {
    expect(decodePurpose(encodeURIComponent('就业帮扶'))).toBe('就业帮扶');
    expect(decodePurpose(onTheWire('就业帮扶'))).toBe('就业帮扶');
    expect(decodePurpose(onTheWire('招聘会 100%'))).toBe('招聘会 100%');
    expect(decodePurpose('job fair')).toBe('job fair');
  });

  it('keeps what is neither as it came, without control characters', () => {
    // Latin-1 text that is not UTF-8 (é alone), a cut-off escape, a literal percent sign.
    expect(decodePurpose('caf\u00e9')).toBe('caf\u00e9');
    expect(decodePurpose('%E5%B0')).toBe('%E5%B0');
    expect(decodePurpose('50% off')).toBe('50% off');
    expect(decodePurpose('%00%E5%B0%B1%E4%B8%9A')).toBe('就业');
    expect(decodePurpose(undefined)).toBeUndefined();
  });
});
