import { leastSquares } from './least-squares.js';
import { roundUsd } from '../util/money.js';
import { mean, roundTo } from './stats.js';

export type TrendDirection = 'increasing' | 'stable' | 'decreasing';

export interface Trend {
  direction: TrendDirection;
  /** Fitted change per day, USD. */
  slope_usd_per_day: number;
  mean_daily_cost_usd: number;
  /** Fitted change from the first to the last day, as a percentage of the mean. */
  change_pct: number;
  r_squared: number;
  days: number;
}

/** A fitted change smaller than this share of the mean over the window is noise, not a trend. */
const MIN_CHANGE_PCT = 10;
/** Below this fit quality the slope explains too little of the day-to-day variation to call. */
const MIN_R_SQUARED = 0.2;

/** The least-squares line through a zero-filled daily cost series, classified. */
export function dailyTrend(dailyCosts: readonly number[]): Trend {
  const days = dailyCosts.length;
  const avg = mean(dailyCosts);
  if (days < 3 || avg === 0) {
    return { direction: 'stable', slope_usd_per_day: 0, mean_daily_cost_usd: roundUsd(avg), change_pct: 0, r_squared: 0, days };
  }
  const fit = leastSquares(dailyCosts.map((_, t) => [1, t]), dailyCosts);
  const slope = fit.coefficients[1]!;
  const changePct = ((slope * (days - 1)) / avg) * 100;
  const significant = Math.abs(changePct) >= MIN_CHANGE_PCT && fit.rSquared >= MIN_R_SQUARED;
  return {
    direction: !significant ? 'stable' : slope > 0 ? 'increasing' : 'decreasing',
    slope_usd_per_day: roundUsd(slope),
    mean_daily_cost_usd: roundUsd(avg),
    change_pct: roundTo(changePct, 2),
    r_squared: roundTo(fit.rSquared, 4),
    days,
  };
}
