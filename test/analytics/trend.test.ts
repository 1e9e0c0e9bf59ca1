import { describe, expect, it } from 'vitest';
import { dailyTrend } from '../../src/analytics/trend.js';

describe('dailyTrend', () => {
  it('calls a clear rise increasing, with its slope', () => {
    const t = dailyTrend(Array.from({ length: 14 }, (_, i) => 10 + i));
    expect(t).toMatchObject({ direction: 'increasing', slope_usd_per_day: 1, mean_daily_cost_usd: 16.5, r_squared: 1, days: 14 });
    expect(t.change_pct).toBeCloseTo((13 / 16.5) * 100, 2);
  });

  it('calls a clear fall decreasing', () => {
    expect(dailyTrend(Array.from({ length: 10 }, (_, i) => 20 - i)).direction).toBe('decreasing');
  });

  it('calls a flat or noisy series stable', () => {
    expect(dailyTrend(Array(10).fill(5)).direction).toBe('stable');
    expect(dailyTrend([5, 9, 1, 8, 2, 9, 1, 8, 3, 7]).direction).toBe('stable');
    expect(dailyTrend([0, 0, 0]).direction).toBe('stable');
  });
});
