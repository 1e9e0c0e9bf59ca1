import type { Reader } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { breakdown } from './breakdown.js';
import { budgetStatus, readBudgets } from './budget-status.js';
import { roundTo, sum } from './stats.js';
import { usageTotals, type Window } from './usage.js';
import type { CallFilters } from './usage-scope.js';

/** Groups listed per dimension in the summary; a tenant with more sees the rest in /v1/usage/breakdown. */
const SUMMARY_GROUPS = 50;

/**
 * Budget totals over the top-level budgets (those without a parent, so nothing counts twice),
 * each with its spend in its own current period. null when budgets are not stored at all.
 */
async function budgetTotals(reader: Reader, tenant: string, nowMs: number) {
  const budgets = await readBudgets(reader, tenant);
  if (!budgets) return null;
  const statuses = await Promise.all(budgets.filter((b) => b.parent === null).map((b) => budgetStatus(reader, tenant, b, nowMs)));
  const total = sum(statuses.map((s) => s.limit_usd));
  const spent = sum(statuses.map((s) => s.spent_usd));
  return { total_usd: roundUsd(total), spent_usd: roundUsd(spent), utilisation_pct: total === 0 ? null : roundTo((spent / total) * 100, 2), budgets: statuses };
}

/** The whole picture of a window in one answer. */
export async function summary(reader: Reader, tenant: string, window: Window, filters: CallFilters, nowMs: number) {
  const page = { limit: SUMMARY_GROUPS, offset: 0 };
  const [totals, providers, models, budget] = await Promise.all([
    usageTotals(reader, tenant, window, filters),
    breakdown(reader, { tenant, window, filters, groupBy: 'provider', ...page }),
    breakdown(reader, { tenant, window, filters, groupBy: 'model', ...page }),
    budgetTotals(reader, tenant, nowMs),
  ]);
  const { agents, providers: providerCount, models: modelCount, ...rest } = totals;
  return {
    totals: rest,
    by_provider: providers.rows,
    by_model: models.rows,
    agent_count: agents,
    provider_count: providerCount,
    model_count: modelCount,
    budget,
  };
}
