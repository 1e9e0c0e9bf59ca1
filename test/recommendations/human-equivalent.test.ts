import { describe, expect, it } from 'vitest';
import { monthEnd, proratedNanos } from '../../src/recommendations/workforce/human-equivalent.js';
import { lastMonths } from '../../src/recommendations/workforce/trends.js';

describe('human-equivalent proration', () => {
  it('is the monthly amount for a whole calendar month, whatever its length', () => {
    expect(proratedNanos(3_000e9, '2026-02-01', '2026-02-28')).toBe(3_000e9);
    expect(proratedNanos(3_000e9, '2026-01-01', '2026-01-31')).toBe(3_000e9);
  });

  it('counts each day as a share of its own month', () => {
    expect(proratedNanos(3_000e9, '2026-11-01', '2026-11-10')).toBe(1_000e9);
    expect(proratedNanos(3_100e9, '2026-01-22', '2026-02-14')).toBe(1_000e9 + 1_550e9);
    expect(proratedNanos(3_000e9, '2026-11-10', '2026-11-09')).toBe(0);
  });

  it('knows month ends and the months of a trend', () => {
    expect([monthEnd('2026-02'), monthEnd('2028-02'), monthEnd('2026-12')]).toEqual(['2026-02-28', '2028-02-29', '2026-12-31']);
    expect(lastMonths(Date.parse('2026-02-15T00:00:00Z'), 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});
