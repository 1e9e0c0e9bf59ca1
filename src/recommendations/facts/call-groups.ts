import { runNamed } from '../../analytics/named-sql.js';
import { num, str } from '../../analytics/row-values.js';
import { isStandardTier } from '../../pricing/model-ids.js';
import type { Reader } from '../../storage/reader.js';
import { addUsage, usageOf, type UsageTotals } from '../pricing/usage.js';
import type { Lookback } from './lookback.js';

/** One row of queries/recommend_call_groups.sql: calls of one agent, task type, model and tier. */
export interface CallGroup extends UsageTotals {
  agent: string;
  /** '' when the calls had none. */
  taskType: string;
  provider: string;
  requestModel: string;
  responseModel: string;
  serviceTier: string | null;
  errorCalls: number;
  retryCalls: number;
  minInputTokens: number;
  maxInputTokens: number;
  costNanos: number;
  failedCostNanos: number;
  retryCostNanos: number;
}

export async function loadCallGroups(reader: Reader, tenant: string, lookback: Lookback): Promise<CallGroup[]> {
  const rows = await runNamed(reader, 'recommend_call_groups', { tenant, start_us: lookback.startMs * 1000, end_us: lookback.endMs * 1000 });
  return rows.map((r) => ({
    ...usageOf(r),
    agent: str(r, 'agent') ?? '',
    taskType: str(r, 'task_type') ?? '',
    provider: str(r, 'provider') ?? '',
    requestModel: str(r, 'request_model') ?? '',
    responseModel: str(r, 'response_model') ?? '',
    serviceTier: str(r, 'service_tier'),
    errorCalls: num(r, 'error_calls'),
    retryCalls: num(r, 'retry_calls'),
    minInputTokens: num(r, 'min_input_tokens'),
    maxInputTokens: num(r, 'max_input_tokens'),
    costNanos: num(r, 'cost_nanos'),
    failedCostNanos: num(r, 'failed_cost_nanos'),
    retryCostNanos: num(r, 'retry_cost_nanos'),
  }));
}

/** The model a call is counted under, as the roll-ups and budgets name it: the response model, else the request model. */
export function modelOf(g: { requestModel: string; responseModel: string }): string {
  return g.responseModel !== '' ? g.responseModel : g.requestModel;
}

/** Calls at standard prices: what-ifs compare standard prices, so batch or flex calls are left out. */
export function standardTier(groups: readonly CallGroup[]): CallGroup[] {
  return groups.filter((g) => isStandardTier(g.serviceTier));
}

function mergeTwo(a: CallGroup, b: CallGroup): CallGroup {
  return {
    ...a,
    ...addUsage(a, b),
    taskType: a.taskType === b.taskType ? a.taskType : '',
    serviceTier: a.serviceTier === b.serviceTier ? a.serviceTier : null,
    errorCalls: a.errorCalls + b.errorCalls,
    retryCalls: a.retryCalls + b.retryCalls,
    minInputTokens: Math.min(a.minInputTokens, b.minInputTokens),
    maxInputTokens: Math.max(a.maxInputTokens, b.maxInputTokens),
    costNanos: a.costNanos + b.costNanos,
    failedCostNanos: a.failedCostNanos + b.failedCostNanos,
    retryCostNanos: a.retryCostNanos + b.retryCostNanos,
  };
}

/**
 * Groups summed by `key`, in first-seen order, with the list of groups each sum came from (so a
 * rule that reports per agent can still name the models and task types involved).
 */
export function mergeBy(groups: readonly CallGroup[], key: (g: CallGroup) => string): Array<{ total: CallGroup; parts: CallGroup[] }> {
  const merged = new Map<string, { total: CallGroup; parts: CallGroup[] }>();
  for (const g of groups) {
    const k = key(g);
    const seen = merged.get(k);
    if (seen) {
      seen.total = mergeTwo(seen.total, g);
      seen.parts.push(g);
    } else {
      merged.set(k, { total: g, parts: [g] });
    }
  }
  return [...merged.values()];
}

/** Distinct values in first-seen order, without empty ones. */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v !== '');
}
