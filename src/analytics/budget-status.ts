import { computePeriod } from '../budgets/period.js';
import type { Reader, Row } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { runNamed } from './named-sql.js';
import { num, str } from './row-values.js';
import { roundTo } from './stats.js';
import { usageTotals } from './usage.js';
import type { CallFilters } from './usage-scope.js';

export interface StoredBudget {
  name: string;
  scope: string;
  target: string | null;
  period: 'daily' | 'weekly' | 'monthly';
  limitUsd: number;
  timezone: string;
  parent: string | null;
}

export interface RegisteredAgent {
  displayName: string | null;
  department: string | null;
  role: string | null;
  monthlyBudgetUsd: number | null;
}

const CALENDAR_PERIODS = new Set(['daily', 'weekly', 'monthly']);

/**
 * Budgets and the agent registry belong to the budgets component (migration 003). Analytics
 * only reads them, and answers without budget figures (null) when the tables are not there.
 */
async function readOptional(reader: Reader, query: string, tenant: string): Promise<Row[] | null> {
  try {
    return await runNamed(reader, query, { tenant });
  } catch (error) {
    if (/Catalog Error|Binder Error/.test((error as Error).message)) return null;
    throw error;
  }
}

/** The tenant's calendar-period budgets (per-run ceilings have no running total), or null without a budgets table. */
export async function readBudgets(reader: Reader, tenant: string): Promise<StoredBudget[] | null> {
  const rows = await readOptional(reader, 'budgets_of_tenant', tenant);
  if (!rows) return null;
  return rows
    .filter((r) => CALENDAR_PERIODS.has(str(r, 'period') ?? ''))
    .map((r) => ({
      name: str(r, 'name') ?? '',
      scope: str(r, 'scope') ?? '',
      target: str(r, 'target'),
      period: str(r, 'period') as StoredBudget['period'],
      limitUsd: num(r, 'limit_usd'),
      timezone: str(r, 'timezone') ?? 'UTC',
      parent: str(r, 'parent'),
    }));
}

export async function readAgentRegistry(reader: Reader, tenant: string): Promise<Map<string, RegisteredAgent> | null> {
  const rows = await readOptional(reader, 'agent_registry', tenant);
  if (!rows) return null;
  return new Map(
    rows.map((r) => [
      str(r, 'name') ?? '',
      { displayName: str(r, 'display_name'), department: str(r, 'department'), role: str(r, 'role'), monthlyBudgetUsd: r.monthly_budget_usd === null ? null : num(r, 'monthly_budget_usd') },
    ]),
  );
}

/** The calls a budget counts. */
function budgetFilters(b: StoredBudget): CallFilters {
  if (b.target === null) return {};
  switch (b.scope) {
    case 'agent':
      return { agent: b.target };
    case 'model':
      return { model: b.target };
    case 'task_type':
      return { taskType: b.target };
    case 'run':
      return { runId: b.target };
    default:
      return {};
  }
}

/** A budget with what was spent against it in its current calendar period. */
export async function budgetStatus(reader: Reader, tenant: string, b: StoredBudget, nowMs: number) {
  const period = computePeriod(b.period, b.timezone, nowMs);
  const totals = await usageTotals(reader, tenant, period, budgetFilters(b));
  return {
    name: b.name,
    scope: b.scope,
    target: b.target,
    period: b.period,
    period_key: period.key,
    limit_usd: roundUsd(b.limitUsd),
    spent_usd: totals.total_cost,
    unpriced_calls: totals.unpriced_operations,
    utilisation_pct: roundTo((totals.total_cost / b.limitUsd) * 100, 2),
  };
}

export type BudgetStatus = Awaited<ReturnType<typeof budgetStatus>>;
