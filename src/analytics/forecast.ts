import { roundUsd } from '../util/money.js';
import { leastSquares } from './least-squares.js';
import { mean, roundTo, stdDev, sum } from './stats.js';

/**
 * The projection maths, pure: spend histories in, projected totals with their method, inputs
 * and a 95% range out. Ranges treat future periods as independent draws around the fitted
 * level, widened for the uncertainty of a level estimated from k observations
 * (variance σ²·(R + R²/k) for R periods to come).
 */

const Z95 = 1.96;

export interface Projection<Inputs> {
  spent_usd: number;
  projected_usd: number;
  range: { low_usd: number; high_usd: number };
  method: string;
  description: string;
  inputs: Inputs;
}

function projection<I>(spent: number, ahead: number, stdError: number, method: string, description: string, inputs: I): Projection<I> {
  const projected = spent + Math.max(0, ahead);
  return {
    spent_usd: roundUsd(spent),
    projected_usd: roundUsd(projected),
    range: { low_usd: roundUsd(Math.max(spent, projected - Z95 * stdError)), high_usd: roundUsd(projected + Z95 * stdError) },
    method,
    description,
    inputs,
  };
}

export interface CurrentRateInput {
  spentSoFar: number;
  elapsedHours: number;
  remainingHours: number;
  /** Costs of the whole hours elapsed so far, zero-filled. */
  completedHourCosts: readonly number[];
}

/** Today's total if spending continues at today's average rate so far. */
export function projectFromCurrentRate(input: CurrentRateInput) {
  const { spentSoFar, elapsedHours, remainingHours, completedHourCosts } = input;
  const rate = elapsedHours > 0 ? spentSoFar / elapsedHours : 0;
  const k = completedHourCosts.length;
  // With fewer than two whole hours there is no spread to measure: assume it is as large as the rate.
  const sigma = k >= 2 ? stdDev(completedHourCosts) : rate;
  const stdError = sigma * Math.sqrt(remainingHours + remainingHours ** 2 / Math.max(k, 1));
  return projection(spentSoFar, rate * remainingHours, stdError, 'current_rate', "today's spend so far plus the remaining hours at today's average hourly rate", {
    elapsed_hours: roundTo(elapsedHours, 4),
    remaining_hours: roundTo(remainingHours, 4),
    rate_usd_per_hour: roundUsd(rate),
    hourly_std_dev_usd: roundUsd(sigma),
    whole_hours_observed: k,
  });
}

export interface RollingAverageInput {
  spentSoFar: number;
  /** Costs of the last complete days, oldest first (7 for a 7-day rolling average). */
  recentDailyCosts: readonly number[];
  /** Days left in the period, counting the rest of today as a fraction. */
  remainingDays: number;
}

/** A period's total if the remaining days cost what the recent days cost on average. */
export function projectFromRollingAverage(input: RollingAverageInput) {
  const { spentSoFar, recentDailyCosts, remainingDays } = input;
  const n = recentDailyCosts.length;
  const avg = mean(recentDailyCosts);
  const sigma = stdDev(recentDailyCosts);
  const stdError = sigma * Math.sqrt(remainingDays + remainingDays ** 2 / Math.max(n, 1));
  return projection(spentSoFar, avg * remainingDays, stdError, `rolling_${n}_day_average`, `spend so far plus the remaining days at the average daily spend of the last ${n} complete days`, {
    days_averaged: n,
    average_daily_usd: roundUsd(avg),
    daily_std_dev_usd: roundUsd(sigma),
    remaining_days: roundTo(remainingDays, 4),
  });
}

/** ISO weekday 1 (Monday) … 7 (Sunday). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export interface SeasonalTrendInput {
  spentSoFar: number;
  /** Complete days, oldest first, the last one being yesterday. */
  history: ReadonlyArray<{ weekday: Weekday; cost: number }>;
  /** Today (with the fraction still to come) then each remaining day of the period. */
  future: ReadonlyArray<{ weekday: Weekday; fraction: number }>;
}

/** Below two weeks of history each weekday is seen too rarely to estimate its effect. */
const MIN_DAYS_FOR_WEEKDAYS = 14;

/**
 * A period's total from a linear trend over the history plus a fixed effect per weekday,
 * fitted together by least squares: cost(t) = a + b·t + s(weekday), t in days.
 */
export function projectFromSeasonalTrend(input: SeasonalTrendInput) {
  const { spentSoFar, history, future } = input;
  const n = history.length;
  const model = n >= MIN_DAYS_FOR_WEEKDAYS ? 'linear_trend_with_weekday_effects' : n >= 2 ? 'linear_trend' : 'average';
  const withWeekdays = model === 'linear_trend_with_weekday_effects';
  const row = (t: number, weekday: Weekday) => {
    if (model === 'average') return [1];
    const r = [1, t];
    if (withWeekdays) for (let w = 2; w <= 7; w++) r.push(weekday === w ? 1 : 0);
    return r;
  };
  const y = history.map((d) => d.cost);
  const fit = n > 0 ? leastSquares(history.map((d, t) => row(t, d.weekday)), y) : undefined;
  const coef = fit?.coefficients ?? [0];
  const predict = (t: number, weekday: Weekday) => Math.max(0, row(t, weekday).reduce((s, x, j) => s + x * coef[j]!, 0));
  const ahead = sum(future.map((d, i) => predict(n + i, d.weekday) * d.fraction));
  const remainingDays = sum(future.map((d) => d.fraction));
  const sigma = fit ? fit.residualStdError : 0;
  const stdError = sigma * Math.sqrt(remainingDays);

  const rawEffects = WEEKDAY_NAMES.map((_, i) => (withWeekdays && i > 0 ? coef[i + 1]! : 0));
  const effectMean = mean(rawEffects);
  const weekdayEffects = Object.fromEntries(WEEKDAY_NAMES.map((name, i) => [name, roundUsd(withWeekdays ? rawEffects[i]! - effectMean : 0)]));
  const levelToday = (coef[0] ?? 0) + (model === 'average' ? 0 : (coef[1] ?? 0) * n) + (withWeekdays ? effectMean : 0);

  return projection(spentSoFar, ahead, stdError, 'trend_with_weekday_seasonality', `spend so far plus the remaining days forecast by a ${model.replaceAll('_', ' ')} fitted to the last ${n} complete days`, {
    history_days: n,
    model,
    trend_level_today_usd: roundUsd(levelToday),
    slope_usd_per_day: roundUsd(model === 'average' ? 0 : coef[1] ?? 0),
    weekday_effects_usd: weekdayEffects,
    residual_std_error_usd: roundUsd(sigma),
    remaining_days: roundTo(remainingDays, 4),
  });
}

/** Hours until `remainingUsd` is spent at `ratePerHour`: 0 once spent, null when nothing is being spent. */
export function hoursUntilDepleted(remainingUsd: number, ratePerHour: number): number | null {
  if (remainingUsd <= 0) return 0;
  if (ratePerHour <= 0) return null;
  return remainingUsd / ratePerHour;
}
