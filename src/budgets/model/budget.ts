import { nanosToUsd } from '../../util/money.js';

export const BUDGET_SCOPES = ['org', 'agent', 'run', 'task_type', 'model'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly', 'per_run'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export type CalendarPeriod = Exclude<BudgetPeriod, 'per_run'>;

export type BudgetPolicy = 'soft' | 'hard';
export type OverrunPolicy = 'allow' | 'block';
export type BudgetSource = 'config' | 'api';

/** What a budget says, independent of who owns it and when it was stored. Money in nano-dollars. */
export interface BudgetSettings {
  scope: BudgetScope;
  /** Agent, task type, model or run id; null for org and for "every run". */
  target: string | null;
  period: BudgetPeriod;
  limitNanos: number;
  /** Percent of the limit, ascending, distinct. */
  thresholds: number[];
  policy: BudgetPolicy;
  timezone: string;
  webhooks: string[];
  emails: string[];
  /** Name of the parent budget in the same tenant. */
  parent: string | null;
  overrunPolicy: OverrunPolicy;
  approvalThresholdNanos: number | null;
}

export interface Budget extends BudgetSettings {
  id: string;
  tenant: string;
  name: string;
  source: BudgetSource;
  createdMs: number;
  updatedMs: number;
}

/** A budget as the API shows it (snake_case, USD). */
export function budgetJson(b: Budget) {
  return {
    id: b.id,
    name: b.name,
    scope: b.scope,
    target: b.target,
    period: b.period,
    limit_usd: nanosToUsd(b.limitNanos),
    thresholds: b.thresholds,
    policy: b.policy,
    timezone: b.timezone,
    webhooks: b.webhooks,
    emails: b.emails,
    parent: b.parent,
    overrun_policy: b.overrunPolicy,
    approval_threshold_usd: b.approvalThresholdNanos === null ? null : nanosToUsd(b.approvalThresholdNanos),
    source: b.source,
    created_at: new Date(b.createdMs).toISOString(),
    updated_at: new Date(b.updatedMs).toISOString(),
  };
}

/** The budget inside statuses and alerts: without its webhook URLs and addresses, which can hold secrets. */
export function budgetSummaryJson(b: Budget) {
  return {
    id: b.id,
    name: b.name,
    scope: b.scope,
    target: b.target,
    period: b.period,
    limit_usd: nanosToUsd(b.limitNanos),
    thresholds: b.thresholds,
    policy: b.policy,
    timezone: b.timezone,
    parent: b.parent,
  };
}

/** The budget in the shape of its config / API input, for merging a PATCH over it. */
export function budgetInputOf(b: Budget): Record<string, unknown> {
  const input: Record<string, unknown> = {
    name: b.name,
    scope: b.scope,
    period: b.period,
    limit_usd: nanosToUsd(b.limitNanos),
    thresholds: b.thresholds,
    policy: b.policy,
    timezone: b.timezone,
    webhooks: b.webhooks,
    emails: b.emails,
    overrun_policy: b.overrunPolicy,
  };
  if (b.target !== null) input.target = b.target;
  if (b.parent !== null) input.parent = b.parent;
  if (b.approvalThresholdNanos !== null) input.approval_threshold_usd = nanosToUsd(b.approvalThresholdNanos);
  return input;
}
