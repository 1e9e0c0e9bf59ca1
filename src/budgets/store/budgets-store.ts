import type { Budget, BudgetPeriod, BudgetPolicy, BudgetScope, BudgetSource, OverrunPolicy } from '../model/budget.js';
import { doubles, varchars, type BudgetDb, type Row, type Statement } from './db.js';
import { decimal, int, isoTime, list, optDecimal, optInt, optText, text } from './values.js';

function budgetOf(row: Row): Budget {
  return {
    id: text(row, 'id'),
    tenant: text(row, 'tenant'),
    name: text(row, 'name'),
    scope: text(row, 'scope') as BudgetScope,
    target: optText(row, 'target'),
    period: text(row, 'period') as BudgetPeriod,
    limitNanos: int(row, 'limit_nanos'),
    thresholds: list<number>(row, 'thresholds'),
    policy: text(row, 'policy') as BudgetPolicy,
    timezone: text(row, 'timezone'),
    webhooks: list<string>(row, 'webhooks'),
    emails: list<string>(row, 'emails'),
    parent: optText(row, 'parent'),
    overrunPolicy: text(row, 'overrun_policy') as OverrunPolicy,
    approvalThresholdNanos: optInt(row, 'approval_threshold_nanos'),
    source: text(row, 'source') as BudgetSource,
    createdMs: int(row, 'created_ms'),
    updatedMs: int(row, 'updated_ms'),
  };
}

export async function loadBudgets(db: BudgetDb): Promise<Budget[]> {
  return (await db.rows('budget_list')).map(budgetOf);
}

function settingsParams(b: Budget) {
  return {
    id: b.id,
    scope: b.scope,
    target: b.target,
    period: b.period,
    limit_usd: decimal(b.limitNanos),
    thresholds: doubles(b.thresholds),
    policy: b.policy,
    timezone: b.timezone,
    webhooks: varchars(b.webhooks),
    emails: varchars(b.emails),
    parent: b.parent,
    overrun_policy: b.overrunPolicy,
    approval_threshold_usd: optDecimal(b.approvalThresholdNanos),
    source: b.source,
    updated_at: isoTime(b.updatedMs),
  };
}

export const insertBudget = (b: Budget): Statement => ({
  query: 'budget_insert',
  params: { ...settingsParams(b), tenant: b.tenant, name: b.name, created_at: isoTime(b.createdMs) },
});

export const updateBudget = (b: Budget): Statement => ({ query: 'budget_update', params: settingsParams(b) });

export const deleteBudget = (id: string): Statement => ({ query: 'budget_delete', params: { id } });
