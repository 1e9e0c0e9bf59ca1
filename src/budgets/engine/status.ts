import { nanosToUsd } from '../../util/money.js';
import { budgetSummaryJson, type Budget } from '../model/budget.js';
import type { CostDriver } from '../spend/spend-state.js';
import { project, type Projection } from '../alerts/projection.js';
import { budgetState, percentUsed, type BudgetState } from './thresholds.js';
import type { BudgetSpend } from './engine.js';

/** How many cost drivers an alert or status lists. */
export const TOP_DRIVERS = 5;

export interface BudgetStatus {
  budget: Budget;
  periodKey: string;
  startMs: number;
  /** null for per-run budgets. */
  endMs: number | null;
  runId: string | null;
  spentNanos: number;
  reservedNanos: number;
  remainingNanos: number;
  percent: number;
  state: BudgetState;
  calls: number;
  unpricedCalls: number;
  projection: Projection;
  drivers: CostDriver[];
  firedThresholds: number[];
}

export function statusOf(spend: BudgetSpend, reservedNanos: number, firedThresholds: number[], nowMs: number): BudgetStatus {
  const { budget, state } = spend;
  const spent = state.totals.costNanos;
  return {
    budget,
    periodKey: spend.periodKey,
    startMs: spend.startMs,
    endMs: spend.endMs,
    runId: spend.runId,
    spentNanos: spent,
    reservedNanos,
    remainingNanos: Math.max(0, budget.limitNanos - spent),
    percent: percentUsed(spent, budget.limitNanos),
    state: budgetState(spent, budget.limitNanos),
    calls: state.totals.calls,
    unpricedCalls: state.totals.unpricedCalls,
    projection: project(spent, budget.limitNanos, spend.startMs, spend.endMs, nowMs),
    drivers: state.topDrivers(TOP_DRIVERS),
    firedThresholds,
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function projectionJson(p: Projection) {
  return {
    rate_usd_per_hour: nanosToUsd(p.rateNanosPerHour),
    estimated_period_total_usd: p.estimatedTotalNanos === null ? null : nanosToUsd(p.estimatedTotalNanos),
    hours_until_depleted: p.hoursUntilDepleted === null ? null : round(p.hoursUntilDepleted, 2),
    will_exceed: p.willExceed,
  };
}

export function driversJson(drivers: CostDriver[]) {
  return drivers.map((d) => ({ agent: d.agent, model: d.model, cost_usd: nanosToUsd(d.costNanos), calls: d.calls }));
}

export function statusJson(s: BudgetStatus) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    budget: budgetSummaryJson(s.budget),
    period: { key: s.periodKey, start: iso(s.startMs), end: iso(s.endMs), run_id: s.runId },
    spent_usd: nanosToUsd(s.spentNanos),
    reserved_usd: nanosToUsd(s.reservedNanos),
    remaining_usd: nanosToUsd(s.remainingNanos),
    limit_usd: nanosToUsd(s.budget.limitNanos),
    percent_used: s.percent,
    state: s.state,
    calls: s.calls,
    unpriced_calls: s.unpricedCalls,
    resets_at: iso(s.endMs),
    projection: projectionJson(s.projection),
    top_cost_drivers: driversJson(s.drivers),
    thresholds_fired: s.firedThresholds,
  };
}
