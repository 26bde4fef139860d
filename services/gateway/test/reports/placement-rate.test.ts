import { describe, expect, it } from 'vitest';
import { targetFor } from '../../src/reports/placement-rate';

describe('yearly placement-rate targets', () => {
  const targets = { 2025: 0.3, 2026: 0.5, 2027: 0.7 };

  it("uses the year's own target", () => {
    expect(targetFor(2026, targets)).toBe(0.5);
  });

  it('carries the latest earlier target forward, and uses the first before the plan starts', () => {
    expect(targetFor(2030, targets)).toBe(0.7);
    expect(targetFor(2020, targets)).toBe(0.3);
    expect(targetFor(2027, { 2025: 0.4, 2028: 0.8 })).toBe(0.4);
  });
});
