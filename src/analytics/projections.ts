import type { Reader } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { addDays, isoWeekday, localDate, startOfLocalDay } from '../util/time.js';
import { hoursUntilDepleted, projectFromCurrentRate, projectFromRollingAverage, projectFromSeasonalTrend, type Projection, type Weekday } from './forecast.js';
import { roundTo, sum } from './stats.js';
import { usageSeries } from './time-series.js';
import type { CallFilters } from './usage-scope.js';

const HOUR_MS = 3_600_000;
const TREND_DAYS = 30;
const ROLLING_DAYS = 7;

export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface ProjectionRequest {
  tenant: string;
  tz: string;
  nowMs: number;
  filters: CallFilters;
  budget?: { limitUsd: number; period: BudgetPeriod };
}

function lastDayOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive (empty when to < from). */
function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Today's, this week's and this month's projected totals, and when a budget runs out. */
export async function projections(reader: Reader, req: ProjectionRequest) {
  const { tz, nowMs } = req;
  const today = localDate(nowMs, tz);
  const todayStart = startOfLocalDay(today, tz);
  const tomorrowStart = startOfLocalDay(addDays(today, 1), tz);
  const yesterday = addDays(today, -1);
  const weekStart = addDays(today, 1 - isoWeekday(today));
  const weekEnd = addDays(weekStart, 6);
  const monthStart = `${today.slice(0, 8)}01`;
  const monthEnd = lastDayOfMonth(today);
  const historyStart = [addDays(today, -TREND_DAYS), weekStart, monthStart].sort()[0]!;

  const base = { tenant: req.tenant, filters: req.filters };
  const [days, hours] = await Promise.all([
    usageSeries(reader, { ...base, bucket: 'day', window: { tz, startDate: historyStart, endDate: yesterday, startMs: startOfLocalDay(historyStart, tz), endMs: todayStart } }),
    usageSeries(reader, { ...base, bucket: 'hour', window: { tz, startDate: today, endDate: today, startMs: todayStart, endMs: tomorrowStart } }),
  ]);
  const dayCost = new Map(days.data.map((p) => [p.bucket, p.cost]));
  const costOf = (d: string) => dayCost.get(d) ?? 0;
  const spentToday = sum(hours.data.map((p) => p.cost));
  const spentBefore = (from: string) => sum(dayRange(from, yesterday).map(costOf));

  const elapsedHours = (nowMs - todayStart) / HOUR_MS;
  const remainingHours = (tomorrowStart - nowMs) / HOUR_MS;
  const restOfToday = remainingHours / ((tomorrowStart - todayStart) / HOUR_MS);
  const completed = hours.data.filter((p) => Date.parse(p.bucket) >= todayStart && Date.parse(p.bucket) + HOUR_MS <= nowMs);

  const todayProjection = projectFromCurrentRate({ spentSoFar: spentToday, elapsedHours, remainingHours, completedHourCosts: completed.map((p) => p.cost) });
  const weekProjection = projectFromRollingAverage({
    spentSoFar: spentBefore(weekStart) + spentToday,
    recentDailyCosts: dayRange(addDays(today, -ROLLING_DAYS), yesterday).map(costOf),
    remainingDays: restOfToday + dayRange(addDays(today, 1), weekEnd).length,
  });
  const weekday = (d: string) => isoWeekday(d) as Weekday;
  const monthProjection = projectFromSeasonalTrend({
    spentSoFar: spentBefore(monthStart) + spentToday,
    history: dayRange(addDays(today, -TREND_DAYS), yesterday).map((d) => ({ weekday: weekday(d), cost: costOf(d) })),
    future: [{ weekday: weekday(today), fraction: restOfToday }, ...dayRange(addDays(today, 1), monthEnd).map((d) => ({ weekday: weekday(d), fraction: 1 }))],
  });

  const periods = {
    daily: { projection: todayProjection, endMs: tomorrowStart },
    weekly: { projection: weekProjection, endMs: startOfLocalDay(addDays(weekEnd, 1), tz) },
    monthly: { projection: monthProjection, endMs: startOfLocalDay(addDays(monthEnd, 1), tz) },
  };
  return {
    tz,
    as_of: new Date(nowMs).toISOString(),
    today: { date: today, ...todayProjection },
    week: { start_date: weekStart, end_date: weekEnd, ...weekProjection },
    month: { month: today.slice(0, 7), start_date: monthStart, end_date: monthEnd, ...monthProjection },
    budget: req.budget ? budgetOutlook(req.budget, periods[req.budget.period], nowMs) : null,
  };
}

/**
 * When a budget runs out at the pace its period's projection expects: the projected spend for
 * the rest of the period spread over the hours left in it.
 */
function budgetOutlook(budget: { limitUsd: number; period: BudgetPeriod }, period: { projection: Projection<unknown>; endMs: number }, nowMs: number) {
  const { projection, endMs } = period;
  const hoursLeft = Math.max(0, (endMs - nowMs) / HOUR_MS);
  const rate = hoursLeft > 0 ? (projection.projected_usd - projection.spent_usd) / hoursLeft : 0;
  const remaining = budget.limitUsd - projection.spent_usd;
  const hours = hoursUntilDepleted(remaining, rate);
  return {
    limit_usd: roundUsd(budget.limitUsd),
    period: budget.period,
    spent_usd: projection.spent_usd,
    remaining_usd: roundUsd(remaining),
    projected_usd: projection.projected_usd,
    burn_rate_usd_per_hour: roundUsd(rate),
    hours_until_depleted: hours === null ? null : roundTo(hours, 2),
    depletes_at: hours === null ? null : new Date(nowMs + hours * HOUR_MS).toISOString(),
    will_exceed: projection.projected_usd > budget.limitUsd,
    utilisation_pct: roundTo((projection.spent_usd / budget.limitUsd) * 100, 2),
  };
}
