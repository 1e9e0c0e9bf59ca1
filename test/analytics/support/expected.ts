/**
 * Expected answers computed in the test from the raw calls (rows of the public llm_calls view),
 * with none of the roll-ups or named queries under test. Money is summed in integer nano-dollars.
 */
export interface CallRow {
  start_time: string;
  end_time: string;
  span_id: string;
  tenant: string;
  run_id: string;
  agent: string;
  session_id: string | null;
  task_type: string | null;
  provider: string;
  request_model: string;
  response_model: string;
  category: string;
  status: string;
  is_retry: boolean;
  response_id: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  input_cost: number | null;
  output_cost: number | null;
  total_cost: number | null;
}

export interface ActivityRow {
  start_time: string;
  end_time: string;
  tenant: string;
  run_id: string;
  agent: string;
  session_id: string | null;
  task_type: string | null;
  status: string;
  event_type: string;
  name: string;
  span_id: string;
  cost: number | null;
}

/**
 * What the usage figures count: every model call, and every activity with an explicit cost as
 * one operation of provider 'tool' whose model is the activity's name.
 */
export function factRows(calls: readonly CallRow[], activity: readonly ActivityRow[]): CallRow[] {
  const priced = activity.filter((a) => a.cost !== null);
  return [
    ...calls,
    ...priced.map((a) => ({
      start_time: a.start_time,
      end_time: a.end_time,
      span_id: a.span_id,
      tenant: a.tenant,
      run_id: a.run_id,
      agent: a.agent,
      session_id: a.session_id,
      task_type: a.task_type,
      provider: 'tool',
      request_model: a.name,
      response_model: a.name,
      category: 'tool',
      status: a.status,
      is_retry: false,
      response_id: null,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      input_cost: 0,
      output_cost: 0,
      total_cost: a.cost,
    })),
  ];
}

export const nanos = (usd: number | null) => Math.round((usd ?? 0) * 1e9);
export const modelOf = (r: CallRow) => r.response_model || r.request_model;
export const startMs = (r: CallRow) => Date.parse(r.start_time);
export const between = (from: number, to: number) => (r: CallRow) => startMs(r) >= from && startMs(r) < to;

export function totals(rows: readonly CallRow[]) {
  const costNanos = rows.reduce((s, r) => s + nanos(r.total_cost), 0);
  const sum = (f: (r: CallRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    total_cost: costNanos / 1e9,
    operations: rows.length,
    input_tokens: sum((r) => r.input_tokens),
    output_tokens: sum((r) => r.output_tokens),
    cached_tokens: sum((r) => r.cache_read_tokens),
    unpriced_operations: rows.filter((r) => r.total_cost === null).length,
    error_operations: rows.filter((r) => r.status === 'error').length,
  };
}

export type Totals = ReturnType<typeof totals>;

export function groupBy<T>(rows: readonly T[], key: (r: T) => string | null): Map<string | null, T[]> {
  const groups = new Map<string | null, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** Costs compared to the nano-dollar (JSON carries USD rounded to 9 decimals). */
export function sameUsd(actual: unknown, expected: number): boolean {
  return typeof actual === 'number' && Math.abs(nanos(actual) - nanos(expected)) <= 1;
}

/** Asserts `answer` carries `expected` (costs to the nano-dollar, counts exactly); returns the mismatches. */
export function mismatches(answer: Record<string, unknown>, expected: Record<string, number>): string[] {
  return Object.entries(expected).flatMap(([k, v]) => {
    const ok = k.includes('cost') ? sameUsd(answer[k], v) : answer[k] === v;
    return ok ? [] : [`${k}: got ${String(answer[k])}, expected ${v}`];
  });
}

/** Percentile by linear interpolation between closest ranks (DuckDB's quantile_cont). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  return s[lo]! + (s[Math.ceil(rank)]! - s[lo]!) * (rank - lo);
}
