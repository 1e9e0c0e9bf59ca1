import type { Reader, Row } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { runOverFacts } from './named-sql.js';
import { num, ratio, str, usd } from './row-values.js';
import { roundTo } from './stats.js';
import { factsParams, usageScope, type CallFilters } from './usage-scope.js';

export interface Window {
  startMs: number;
  endMs: number;
}

/** The totals of usage_totals.sql as API fields. */
export function totalsFields(row: Row | undefined) {
  const calls = num(row, 'calls');
  const cost = num(row, 'total_cost');
  const input = num(row, 'input_tokens');
  const output = num(row, 'output_tokens');
  return {
    total_cost: roundUsd(cost),
    operations: calls,
    average_cost_per_operation: roundUsd(ratio(cost, calls)),
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    cached_tokens: num(row, 'cache_read_tokens'),
    cache_write_tokens: num(row, 'cache_write_tokens'),
    reasoning_tokens: num(row, 'reasoning_tokens'),
    input_cost: usd(row, 'input_cost'),
    output_cost: usd(row, 'output_cost'),
    cache_read_cost: usd(row, 'cache_read_cost'),
    cache_write_cost: usd(row, 'cache_write_cost'),
    retry_cost: usd(row, 'retry_cost'),
    tool_operations: num(row, 'tool_calls'),
    tool_cost: usd(row, 'tool_cost'),
    error_operations: num(row, 'error_calls'),
    unpriced_operations: num(row, 'unpriced_calls'),
  };
}

export type Totals = ReturnType<typeof totalsFields> & { agents: number; providers: number; models: number };

export async function usageTotals(reader: Reader, tenant: string, window: Window, filters: CallFilters): Promise<Totals> {
  const [row] = await runOverFacts(reader, 'usage_totals', factsParams(usageScope(tenant, window, filters)));
  return { ...totalsFields(row), agents: num(row, 'agents'), providers: num(row, 'providers'), models: num(row, 'models') };
}

export async function topModels(reader: Reader, tenant: string, window: Window, filters: CallFilters, limit: number) {
  const rows = await runOverFacts(reader, 'usage_top_models', { ...factsParams(usageScope(tenant, window, filters)), limit });
  return rows.map((r) => ({ model: str(r, 'model'), provider: str(r, 'provider'), cost: usd(r, 'cost'), calls: num(r, 'calls'), unpriced_calls: num(r, 'unpriced_calls') }));
}

/** Change from `previous` to `current`, absolute and relative (null when there is nothing to compare with). */
export function change(current: number, previous: number, money: boolean) {
  const diff = current - previous;
  return { absolute: money ? roundUsd(diff) : diff, pct: previous === 0 ? null : roundTo((diff / previous) * 100, 2) };
}
