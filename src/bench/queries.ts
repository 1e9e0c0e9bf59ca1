import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindParams, namedStatement, type SqlParams } from '../analytics/named-sql.js';
import { percentile } from '../analytics/stats.js';
import { createAnalyticsRouters } from '../api/routes/analytics-routers.js';
import { ApiServer } from '../api/server.js';
import { ApiKeyStore } from '../auth/api-keys.js';
import { parseConfig } from '../config/load.js';
import { Database } from '../storage/database.js';
import { settleRollups } from '../exporters/duckdb/group-commit.js';
import { serverDuckdbThreads } from '../exporters/duckdb/threads.js';
import { databaseOptions } from '../exporters/duckdb/config.js';
import { Reader } from '../storage/reader.js';

export interface QueryFigure {
  endpoint: string;
  p50_ms: number;
  p99_ms: number;
  /** The same aggregate as plain SQL over the llm_calls view (no roll-up), median, same run. */
  reference_sql_ms: number;
}

export interface QueryBenchOptions {
  calls: number;
  progress?: (done: number, total: number) => void;
  /** Timed requests per endpoint (after two warm-ups). */
  rounds?: number;
}

const DAY_MS = 86_400_000;
const FILL_CHUNK = 1_000_000;
const REFERENCE_ROUNDS = 3;

interface BenchCase {
  endpoint: string;
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  reference: { query: string; params: SqlParams };
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The endpoints timed, each with its plain-SQL reference, for data ending at `nowMs`. */
function benchCases(nowMs: number, calls: number): BenchCase[] {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const tomorrow = today + DAY_MS;
  const monthStart = Date.parse(`${utcDay(nowMs).slice(0, 8)}01T00:00:00Z`);
  const lastMonthStart = Date.parse(`${utcDay(monthStart - DAY_MS).slice(0, 8)}01T00:00:00Z`);
  const window = (startMs: number, endMs: number) => ({ tenant: 'default', start_us: startMs * 1000, end_us: endMs * 1000 });
  const totals = (startMs: number) => ({ query: 'bench/reference_totals', params: window(startMs, tomorrow) });
  const group = (group_by: string, startMs: number, endMs = tomorrow) => ({ query: 'bench/reference_group', params: { ...window(startMs, endMs), group_by } });
  const thirtyDays = today - 29 * DAY_MS;
  const runId = `run-${Math.floor(calls / 2 / 40)}`;
  return [
    { endpoint: 'GET /v1/usage?period=today', path: '/v1/usage?period=today', reference: totals(today) },
    { endpoint: 'GET /v1/usage?period=month', path: '/v1/usage?period=month', reference: totals(monthStart) },
    { endpoint: 'GET /v1/usage/breakdown?group_by=model', path: '/v1/usage/breakdown?group_by=model', reference: group('model', monthStart) },
    { endpoint: 'GET /v1/usage/breakdown?group_by=agent&period=all_time', path: '/v1/usage/breakdown?group_by=agent&period=all_time', reference: group('agent', 0) },
    { endpoint: 'GET /v1/usage/breakdown?group_by=session', path: '/v1/usage/breakdown?group_by=session', reference: group('session', monthStart) },
    { endpoint: 'GET /v1/summary', path: '/v1/summary', reference: group('provider', monthStart) },
    { endpoint: 'GET /v1/analytics (30 days by day)', path: `/v1/analytics?start_date=${utcDay(thirtyDays)}&end_date=${utcDay(today)}`, reference: group('day', thirtyDays) },
    { endpoint: 'GET /v1/analytics?group_by=hour (2 days)', path: `/v1/analytics?group_by=hour&start_date=${utcDay(today - DAY_MS)}&end_date=${utcDay(today)}`, reference: group('hour', today - DAY_MS) },
    { endpoint: 'GET /v1/analytics?group_by=hour_of_day (30 days)', path: `/v1/analytics?group_by=hour_of_day&start_date=${utcDay(thirtyDays)}&end_date=${utcDay(today)}`, reference: group('hour_of_day', thirtyDays) },
    { endpoint: 'GET /v1/projections', path: '/v1/projections?budget_usd=1000', reference: group('day', Math.min(monthStart, today - 30 * DAY_MS)) },
    { endpoint: 'GET /v1/runs', path: '/v1/runs', reference: group('run', 0) },
    { endpoint: 'GET /v1/runs/:run_id', path: `/v1/runs/${runId}`, reference: { query: 'bench/reference_run', params: { tenant: 'default', run_id: runId } } },
    { endpoint: 'GET /v1/agents', path: '/v1/agents', reference: group('agent', monthStart) },
    { endpoint: 'GET /v1/activity', path: '/v1/activity', reference: { query: 'bench/reference_activity', params: { tenant: 'default' } } },
    { endpoint: 'GET /v1/invoice (last month)', path: `/v1/invoice?month=${utcDay(lastMonthStart).slice(0, 7)}`, reference: group('model', lastMonthStart, monthStart) },
    { endpoint: 'GET /metrics', path: '/metrics', reference: group('model', 0) },
    { endpoint: 'POST /v1/sql (today by agent)', method: 'POST', path: '/v1/sql', body: { sql: `SELECT agent, sum(total_cost) FROM daily_usage WHERE day = DATE '${utcDay(today)}' GROUP BY agent` }, reference: group('agent', today) },
  ];
}

/**
 * Fills `db` with `calls` synthetic calls ending at `nowMs`, their tool calls and the roll-ups
 * over them, generated inside DuckDB a million at a time (no per-row crossing): the query bench's
 * fixture, and tests' large databases.
 */
export async function fillSyntheticCalls(db: Database, calls: number, nowMs: number, step: () => void = () => {}): Promise<void> {
  const con = await db.connect();
  try {
    const run = (name: string, params: SqlParams = {}) => {
      const sql = namedStatement(name);
      return con.run(sql, bindParams(sql, params));
    };
    await run('bench/fill_dict');
    const endUs = nowMs * 1000;
    for (let first = 0; first < calls; first += FILL_CHUNK) {
      const params = { first, count: Math.min(FILL_CHUNK, calls - first), total: calls, end_us: endUs };
      await run('bench/fill_calls', params);
      await run('bench/fill_activity', params);
      step();
    }
    // The roll-ups, summed from the rows the way the exporter's start-up catches up after a crash.
    await settleRollups(con);
    step();
    await con.run('CHECKPOINT');
  } finally {
    con.closeSync();
  }
}

async function timeRequest(url: string, c: BenchCase): Promise<number> {
  const started = performance.now();
  const res = await fetch(url + c.path, c.method === 'POST' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) } : {});
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${c.endpoint} answered ${res.status}`);
  return performance.now() - started;
}

async function timeReference(reader: Reader, c: BenchCase): Promise<number> {
  const sql = namedStatement(c.reference.query);
  const params = bindParams(sql, c.reference.params);
  const times: number[] = [];
  for (let i = 0; i < REFERENCE_ROUNDS; i++) {
    const started = performance.now();
    await reader.rows(sql, params);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Query latency of every analytics endpoint over real HTTP on a database of `calls` synthetic
 * calls (90 days, 20 agents, 12 models), beside the same aggregate as plain SQL on the
 * llm_calls view in the same run.
 */
export async function runQueryBench(opts: QueryBenchOptions): Promise<QueryFigure[]> {
  const rounds = opts.rounds ?? 30;
  const nowMs = Date.now();
  const cases = benchCases(nowMs, opts.calls);
  const fillSteps = Math.ceil(opts.calls / FILL_CHUNK) + 1;
  const total = fillSteps + cases.length;
  let done = 0;
  const step = () => opts.progress?.(++done, total);

  const dir = mkdtempSync(join(tmpdir(), 'tokentally-query-bench-'));
  const path = join(dir, 'bench.duckdb');
  // Filled with DuckDB's own memory limit (a fixture, not something the server does), then
  // queried the way `tokentally serve` opens the file: its buffer pool, allocator and threads.
  const filling = await Database.open({ path });
  try {
    await fillSyntheticCalls(filling, opts.calls, nowMs, step);
  } finally {
    filling.close();
  }
  const defaults = parseConfig({}, 'bench', {}).exporters.duckdb;
  const db = await Database.open({ ...databaseOptions(defaults, serverDuckdbThreads(defaults.threads)), path });
  const reader = new Reader(db);
  const api = new ApiServer(
    { endpoint: { host: '127.0.0.1', port: 0 } },
    createAnalyticsRouters({ db, reader, keys: new ApiKeyStore([]), sql: { timeout_ms: 30_000, max_rows: 10_000 } }),
  );
  try {
    await api.start();
    const url = `http://127.0.0.1:${api.boundPort}`;
    const figures: QueryFigure[] = [];
    for (const c of cases) {
      for (let i = 0; i < 2; i++) await timeRequest(url, c);
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) times.push(await timeRequest(url, c));
      figures.push({ endpoint: c.endpoint, p50_ms: round1(percentile(times, 50)), p99_ms: round1(percentile(times, 99)), reference_sql_ms: round1(await timeReference(reader, c)) });
      step();
    }
    return figures;
  } finally {
    await api.shutdown();
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
