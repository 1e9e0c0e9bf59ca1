import type { JsonValue, Reader, Row } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { runNamed } from './named-sql.js';
import { num, str, usd } from './row-values.js';
import { roundTo } from './stats.js';
import type { Window } from './usage.js';

export const RUN_STATUSES = ['ok', 'error', 'unset'] as const;
export const RUN_SORTS = ['newest', 'cost'] as const;

export interface RunsRequest {
  tenant: string;
  window: Window;
  agent?: string;
  status?: (typeof RUN_STATUSES)[number];
  minCost?: number;
  maxCost?: number;
  sort: (typeof RUN_SORTS)[number];
  limit: number;
  offset: number;
}

/** Longest timeline a run detail returns; the rest is counted, not listed. */
export const TIMELINE_LIMIT = 1_000;

function windowParams(w: Window) {
  return { start_us: w.startMs * 1000, end_us: w.endMs * 1000 };
}

function runFields(r: Row) {
  const start = str(r, 'start_time');
  const end = str(r, 'end_time');
  return {
    run_id: str(r, 'run_id'),
    start_time: start,
    end_time: end,
    duration_ms: start && end ? Date.parse(end) - Date.parse(start) : null,
    status: str(r, 'last_status'),
    calls: num(r, 'calls'),
    error_calls: num(r, 'error_calls'),
    retry_calls: num(r, 'retry_calls'),
    unpriced_calls: num(r, 'unpriced_calls'),
    input_tokens: num(r, 'input_tokens'),
    output_tokens: num(r, 'output_tokens'),
    cached_tokens: num(r, 'cache_read_tokens'),
    // runs.total_cost is end to end (model calls and priced tools); tool_cost is the tools' part.
    total_cost: usd(r, 'total_cost'),
    model_cost: roundUsd(num(r, 'total_cost') - num(r, 'tool_cost')),
    tool_calls: num(r, 'tool_calls'),
    tool_cost: usd(r, 'tool_cost'),
    retry_cost: usd(r, 'retry_cost'),
    failed_cost: usd(r, 'failed_cost'),
  };
}

export async function listRuns(reader: Reader, req: RunsRequest) {
  const params = {
    tenant: req.tenant,
    ...windowParams(req.window),
    agent: req.agent ?? null,
    status: req.status ?? null,
    min_cost: req.minCost ?? null,
    max_cost: req.maxCost ?? null,
  };
  const [rows, [count]] = await Promise.all([
    runNamed(reader, 'runs_list', { ...params, by_cost: req.sort === 'cost' ? true : null, limit: req.limit, offset: req.offset }),
    runNamed(reader, 'runs_count', params),
  ]);
  const runs = rows.map((r) => ({ ...runFields(r), agents: (r.agents as JsonValue[] | null) ?? [] }));
  return { runs, total: num(count, 'run_count') };
}

/** Per agent: what a run costs it on average and at the 50th/90th/95th/99th percentile. */
export async function runCostStats(reader: Reader, tenant: string, window: Window, agent?: string) {
  const rows = await runNamed(reader, 'run_cost_stats', { tenant, ...windowParams(window), agent: agent ?? null });
  return rows.map((r) => {
    const [p50, p90, p95, p99] = ((r.percentiles as number[] | null) ?? []).map(roundUsd);
    return {
      agent: str(r, 'agent'),
      runs: num(r, 'runs'),
      total_cost: usd(r, 'total_cost'),
      average_cost: usd(r, 'average_cost'),
      p50_cost: p50 ?? 0,
      p90_cost: p90 ?? 0,
      p95_cost: p95 ?? 0,
      p99_cost: p99 ?? 0,
      max_cost: usd(r, 'max_cost'),
    };
  });
}

/** A run's totals, each agent's share, and the timeline of its calls and activity; null when unknown. */
export async function runDetail(reader: Reader, tenant: string, runId: string) {
  const [run] = await runNamed(reader, 'run_get', { tenant, run_id: runId });
  if (!run) return null;
  const span = { start_us: Date.parse(str(run, 'start_time')!) * 1000, end_us: Date.parse(str(run, 'end_time')!) * 1000 };
  const [agents, timeline] = await Promise.all([
    runNamed(reader, 'run_agents_of_run', { tenant, run_id: runId, created_seq: num(run, 'created_seq') }),
    runNamed(reader, 'run_timeline', { tenant, run_id: runId, ...span, limit: TIMELINE_LIMIT + 1 }),
  ]);
  return {
    ...runFields(run),
    agents: agents.map((a) => ({
      agent: str(a, 'agent'),
      calls: num(a, 'calls'),
      cost: usd(a, 'total_cost'),
      retry_cost: usd(a, 'retry_cost'),
      share_pct: roundTo(num(a, 'share_pct'), 4),
    })),
    timeline: timeline.slice(0, TIMELINE_LIMIT).map(timelineItem),
    timeline_truncated: timeline.length > TIMELINE_LIMIT,
  };
}

function timelineItem(r: Row) {
  const start = str(r, 'start_time');
  const end = str(r, 'end_time');
  const isCall = str(r, 'kind') === 'model_call';
  return {
    kind: str(r, 'kind'),
    start_time: start,
    end_time: end,
    duration_ms: start && end ? Date.parse(end) - Date.parse(start) : null,
    trace_id: str(r, 'trace_id'),
    span_id: str(r, 'span_id'),
    parent_span_id: str(r, 'parent_span_id'),
    agent: str(r, 'agent'),
    name: str(r, 'name'),
    status: str(r, 'status'),
    cost: r.cost === null ? null : usd(r, 'cost'),
    ...(isCall
      ? {
          provider: str(r, 'provider'),
          model: str(r, 'model'),
          input_tokens: num(r, 'input_tokens'),
          output_tokens: num(r, 'output_tokens'),
          cached_tokens: num(r, 'cache_read_tokens'),
          attempt: num(r, 'attempt'),
          is_retry: r.is_retry === true,
          response_id: str(r, 'response_id'),
        }
      : {}),
  };
}
