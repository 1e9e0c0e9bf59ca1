import { describe, expect, it } from 'vitest';
import { hoursUntilDepleted, projectFromCurrentRate, projectFromRollingAverage, projectFromSeasonalTrend, type Weekday } from '../../src/analytics/forecast.js';

describe('projectFromCurrentRate', () => {
  it('continues today at the average hourly rate so far', () => {
    const p = projectFromCurrentRate({ spentSoFar: 6, elapsedHours: 12, remainingHours: 12, completedHourCosts: Array(12).fill(0.5) });
    expect(p.projected_usd).toBe(12);
    expect(p.range).toEqual({ low_usd: 12, high_usd: 12 });
    expect(p.inputs.rate_usd_per_hour).toBe(0.5);
  });

  it('widens the range with the spread of the hours', () => {
    const hours = [0, 1, 0, 1, 0, 1, 0, 1];
    const p = projectFromCurrentRate({ spentSoFar: 4, elapsedHours: 8, remainingHours: 16, completedHourCosts: hours });
    const sd = Math.sqrt(2 / 7);
    const se = sd * Math.sqrt(16 + 256 / 8);
    expect(p.projected_usd).toBe(12);
    expect(p.range.high_usd).toBeCloseTo(12 + 1.96 * se, 9);
    expect(p.range.low_usd).toBeCloseTo(Math.max(4, 12 - 1.96 * se), 9);
  });

  it('projects what was spent when nothing has elapsed', () => {
    expect(projectFromCurrentRate({ spentSoFar: 0, elapsedHours: 0, remainingHours: 24, completedHourCosts: [] }).projected_usd).toBe(0);
  });
});

describe('projectFromRollingAverage', () => {
  it('adds the 7-day average for each remaining day', () => {
    const p = projectFromRollingAverage({ spentSoFar: 25, recentDailyCosts: Array(7).fill(10), remainingDays: 4.5 });
    expect(p.projected_usd).toBe(70);
    expect(p.method).toBe('rolling_7_day_average');
    expect(p.range).toEqual({ low_usd: 70, high_usd: 70 });
  });
});

describe('projectFromSeasonalTrend', () => {
  const effects = [0, 1, 2, 1, 0, -3, -4];
  const day = (t: number) => ((t % 7) + 1) as Weekday;
  const truth = (t: number) => 5 + 0.2 * t + effects[day(t) - 1]!;

  it('recovers a linear trend with weekday effects exactly', () => {
    const history = Array.from({ length: 30 }, (_, t) => ({ weekday: day(t), cost: truth(t) }));
    const future = [{ weekday: day(30), fraction: 0.25 }, ...Array.from({ length: 10 }, (_, i) => ({ weekday: day(31 + i), fraction: 1 }))];
    const expected = 0.25 * truth(30) + Array.from({ length: 10 }, (_, i) => truth(31 + i)).reduce((a, b) => a + b, 0);
    const p = projectFromSeasonalTrend({ spentSoFar: 100, history, future });
    expect(p.inputs.model).toBe('linear_trend_with_weekday_effects');
    expect(p.projected_usd).toBeCloseTo(100 + expected, 6);
    expect(p.inputs.slope_usd_per_day).toBeCloseTo(0.2, 9);
    const mean = effects.reduce((a, b) => a + b, 0) / 7;
    expect(p.inputs.weekday_effects_usd.saturday).toBeCloseTo(-3 - mean, 9);
    expect(p.inputs.residual_std_error_usd).toBeCloseTo(0, 9);
  });

  it('fits a line without weekday effects on under two weeks of history', () => {
    const history = Array.from({ length: 10 }, (_, t) => ({ weekday: day(t), cost: 2 + t }));
    const p = projectFromSeasonalTrend({ spentSoFar: 0, history, future: [{ weekday: day(10), fraction: 1 }, { weekday: day(11), fraction: 1 }] });
    expect(p.inputs.model).toBe('linear_trend');
    expect(p.projected_usd).toBeCloseTo(12 + 13, 9);
  });

  it('never forecasts negative days', () => {
    const history = Array.from({ length: 10 }, (_, t) => ({ weekday: day(t), cost: 10 - t }));
    const p = projectFromSeasonalTrend({ spentSoFar: 3, history, future: Array.from({ length: 5 }, (_, i) => ({ weekday: day(10 + i), fraction: 1 })) });
    expect(p.projected_usd).toBeCloseTo(3, 9);
  });

  it('uses the only day there is, and nothing without history', () => {
    expect(projectFromSeasonalTrend({ spentSoFar: 1, history: [{ weekday: 1, cost: 4 }], future: [{ weekday: 2, fraction: 1 }] }).projected_usd).toBe(5);
    expect(projectFromSeasonalTrend({ spentSoFar: 1, history: [], future: [{ weekday: 2, fraction: 1 }] }).projected_usd).toBe(1);
  });
});

describe('hoursUntilDepleted', () => {
  it('divides what is left by the rate', () => {
    expect(hoursUntilDepleted(30, 1.5)).toBe(20);
    expect(hoursUntilDepleted(-1, 1.5)).toBe(0);
    expect(hoursUntilDepleted(30, 0)).toBeNull();
  });
});
