import { describe, expect, it } from 'vitest';
import { leastSquares } from '../../src/analytics/least-squares.js';
import { mean, percentile, stdDev } from '../../src/analytics/stats.js';

describe('stats', () => {
  it('computes percentiles like quantile_cont', () => {
    const xs = [1, 2, 3, 4, 10];
    expect(percentile(xs, 50)).toBe(3);
    expect(percentile(xs, 90)).toBeCloseTo(7.6, 12);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });

  it('computes mean and sample standard deviation', () => {
    expect(mean([2, 4, 6])).toBe(4);
    expect(stdDev([2, 4, 6])).toBe(2);
    expect(stdDev([3])).toBe(0);
  });
});

describe('leastSquares', () => {
  it('recovers exact coefficients', () => {
    const rows = Array.from({ length: 6 }, (_, t) => [1, t, t % 2]);
    const y = rows.map(([, t, odd]) => 3 - 0.5 * t! + 2 * odd!);
    const fit = leastSquares(rows, y);
    expect(fit.coefficients[0]).toBeCloseTo(3, 10);
    expect(fit.coefficients[1]).toBeCloseTo(-0.5, 10);
    expect(fit.coefficients[2]).toBeCloseTo(2, 10);
    expect(fit.rSquared).toBeCloseTo(1, 10);
  });

  it('gives a column without information a zero coefficient', () => {
    const rows = Array.from({ length: 5 }, (_, t) => [1, t, 0]);
    const fit = leastSquares(rows, [1, 2, 3, 4, 5]);
    expect(fit.coefficients.map((c) => Number(c.toFixed(9)))).toEqual([1, 1, 0]);
  });
});
