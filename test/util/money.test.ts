import { describe, expect, it } from 'vitest';
import { formatUsd, formatUsdNanos } from '../../src/util/money.js';

describe('dollars for people', () => {
  it.each([
    [0, '$0.00'],
    [1234.5, '$1,234.50'],
    [12.345, '$12.35'],
    [0.1, '$0.10'],
    [0.999, '$1.00'],
    [0.004375, '$0.0044'],
    [0.000123, '$0.00012'],
    [-2.5, '$-2.50'],
  ])('formatUsd(%s) is %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });

  it('takes nano-dollars too', () => {
    expect(formatUsdNanos(12_345_000_000)).toBe('$12.35');
    expect(formatUsdNanos(4_375_000)).toBe('$0.0044');
  });
});
