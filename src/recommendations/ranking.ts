import { roundTo } from '../analytics/stats.js';
import type { Finding, Priority, Recommendation } from './recommendation.js';

/** Savings are stated per 30 days, whatever period they were measured over. */
export const MONTH_DAYS = 30;

/**
 * Priority by what the savings are worth to this tenant: their share of its monthly spend.
 * Shares rather than dollar amounts, so a small team and a large fleet both see their top items.
 */
const HIGH_SHARE = 0.1;
const MEDIUM_SHARE = 0.02;

export function monthlyNanos(nanos: number, periodDays: number): number {
  return Math.round((nanos * MONTH_DAYS) / periodDays);
}

export function priorityOf(monthlySavingsNanos: number, tenantMonthlySpendNanos: number): Priority {
  if (tenantMonthlySpendNanos <= 0) return 'low';
  const share = monthlySavingsNanos / tenantMonthlySpendNanos;
  return share >= HIGH_SHARE ? 'high' : share >= MEDIUM_SHARE ? 'medium' : 'low';
}

export function findingId(f: Finding): string {
  const part = (xs: string[]) => (xs.length === 0 ? '*' : xs.join(','));
  return `${f.kind}/${part(f.agents)}/${part(f.taskTypes)}/${part(f.models)}`;
}

/** A finding as a recommendation: per month, as a percent of the same calls' spend, ranked. */
export function toRecommendation(f: Finding, tenantMonthlySpendNanos: number): Recommendation {
  const monthlySavingsNanos = monthlyNanos(f.savingsNanos, f.periodDays);
  return {
    id: findingId(f),
    kind: f.kind,
    priority: priorityOf(monthlySavingsNanos, tenantMonthlySpendNanos),
    title: f.title,
    problem: f.problem,
    solution: f.solution,
    evidence: f.evidence,
    monthlySavingsNanos,
    percentReduction: f.baseCostNanos > 0 ? roundTo((100 * f.savingsNanos) / f.baseCostNanos, 2) : 0,
    agents: f.agents,
    models: f.models,
    taskTypes: f.taskTypes,
  };
}

/** Largest monthly savings first; ties by id so the order is stable. */
export function bySavings(a: Recommendation, b: Recommendation): number {
  return b.monthlySavingsNanos - a.monthlySavingsNanos || a.id.localeCompare(b.id);
}
