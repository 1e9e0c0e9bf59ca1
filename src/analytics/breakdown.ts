import type { Reader, Row } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { runNamed, runOverFacts } from './named-sql.js';
import { pageWithTotals } from './paging.js';
import { num, ratio, str, usd } from './row-values.js';
import { roundTo } from './stats.js';
import { chooseSource, factsParams, type CallFilters, type UsageScope } from './usage-scope.js';
import type { Window } from './usage.js';

export const BREAKDOWN_DIMENSIONS = ['model', 'provider', 'agent', 'category', 'task_type', 'session', 'run'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface BreakdownRequest {
  tenant: string;
  window: Window;
  filters: CallFilters;
  groupBy: BreakdownDimension;
  limit: number;
  offset: number;
}

export interface BreakdownPage {
  rows: ReturnType<typeof breakdownRow>[];
  totalCost: number;
  groups: number;
}

function breakdownRow(r: Row, groupBy: BreakdownDimension) {
  const cost = num(r, 'cost');
  const calls = num(r, 'calls');
  const input = num(r, 'input_tokens');
  const output = num(r, 'output_tokens');
  const grand = num(r, 'grand_cost');
  return {
    key: str(r, 'key'),
    ...(groupBy === 'model' ? { provider: str(r, 'provider') } : {}),
    cost: roundUsd(cost),
    calls,
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    cached_tokens: num(r, 'cache_read_tokens'),
    input_cost: usd(r, 'input_cost'),
    output_cost: usd(r, 'output_cost'),
    cache_read_cost: usd(r, 'cache_read_cost'),
    cache_write_cost: usd(r, 'cache_write_cost'),
    average_cost_per_call: roundUsd(ratio(cost, calls)),
    percent_of_total: roundTo(ratio(cost, grand) * 100, 4),
    cost_per_output_token: output === 0 ? null : roundUsd(cost / output),
    unpriced_calls: num(r, 'unpriced_calls'),
  };
}

/**
 * One page of a window's spend grouped by `groupBy`, most expensive first. Sessions and runs,
 * which no roll-up keeps, are grouped straight from the calls (usage_breakdown_by_call.sql).
 */
export async function breakdown(reader: Reader, req: BreakdownRequest): Promise<BreakdownPage> {
  const byCall = req.groupBy === 'session' || req.groupBy === 'run';
  const scope: UsageScope = {
    tenant: req.tenant,
    startMs: req.window.startMs,
    endMs: req.window.endMs,
    filters: req.filters,
    source: byCall ? 'raw' : chooseSource(req.filters, [req.window.startMs, req.window.endMs], 'day'),
  };
  const run = (limit: number, offset: number) => {
    const params = { ...factsParams(scope), group_by: req.groupBy, limit, offset };
    return byCall ? runNamed(reader, 'usage_breakdown_by_call', params) : runOverFacts(reader, 'usage_breakdown', params);
  };
  const { rows, totals } = await pageWithTotals(run, req);
  return { rows: rows.map((r) => breakdownRow(r, req.groupBy)), totalCost: usd(totals, 'grand_cost'), groups: num(totals, 'group_count') };
}
