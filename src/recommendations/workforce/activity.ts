import { factsParams, usageScope } from '../../analytics/usage-scope.js';
import { runNamed, runOverFacts } from '../../analytics/named-sql.js';
import { num, str } from '../../analytics/row-values.js';
import type { Reader } from '../../storage/reader.js';

/** What agents did in a period, summed. */
export interface Activity {
  costNanos: number;
  /** Model calls. */
  invocations: number;
  errors: number;
  runs: number;
  /** Runs whose last call did not fail. */
  tasksCompleted: number;
}

export const NO_ACTIVITY: Activity = { costNanos: 0, invocations: 0, errors: 0, runs: 0, tasksCompleted: 0 };

/** One agent's activity in one UTC month (YYYY-MM). */
export interface MonthlyActivity extends Activity {
  month: string;
  agent: string;
}

export interface Latency {
  calls: number;
  durationMs: number;
}

interface Span {
  startMs: number;
  endMs: number;
}

export function addActivity(a: Activity, b: Activity): Activity {
  return {
    costNanos: a.costNanos + b.costNanos,
    invocations: a.invocations + b.invocations,
    errors: a.errors + b.errors,
    runs: a.runs + b.runs,
    tasksCompleted: a.tasksCompleted + b.tasksCompleted,
  };
}

export function isActive(a: Activity): boolean {
  return a.costNanos > 0 || a.invocations > 0 || a.runs > 0;
}

/**
 * Per month and agent: spend, calls and errors (queries/workforce_agent_usage.sql over the
 * cheapest exact usage source) and runs (queries/workforce_agent_runs.sql, the run roll-ups).
 */
export async function loadMonthlyActivity(reader: Reader, tenant: string, span: Span): Promise<MonthlyActivity[]> {
  const [usage, runs] = await Promise.all([
    runOverFacts(reader, 'workforce_agent_usage', factsParams(usageScope(tenant, span, {}))),
    runNamed(reader, 'workforce_agent_runs', { tenant, start_us: span.startMs * 1000, end_us: span.endMs * 1000 }),
  ]);
  const byKey = new Map<string, MonthlyActivity>();
  const entry = (month: string, agent: string) => {
    const key = `${month}\n${agent}`;
    let a = byKey.get(key);
    if (!a) byKey.set(key, (a = { month, agent, ...NO_ACTIVITY }));
    return a;
  };
  for (const r of usage) {
    const a = entry(str(r, 'month') ?? '', str(r, 'agent') ?? '');
    a.costNanos = num(r, 'cost_nanos');
    a.invocations = num(r, 'invocations');
    a.errors = num(r, 'errors');
  }
  for (const r of runs) {
    const a = entry(str(r, 'month') ?? '', str(r, 'agent') ?? '');
    a.runs = num(r, 'runs');
    a.tasksCompleted = num(r, 'tasks_completed');
  }
  return [...byKey.values()];
}

export async function loadLatency(reader: Reader, tenant: string, span: Span): Promise<Map<string, Latency>> {
  const rows = await runNamed(reader, 'workforce_agent_latency', { tenant, start_us: span.startMs * 1000, end_us: span.endMs * 1000 });
  return new Map(rows.map((r) => [str(r, 'agent') ?? '', { calls: num(r, 'calls'), durationMs: num(r, 'duration_ms') }]));
}

/** The first day (YYYY-MM-DD, UTC) each agent worked. */
export async function loadFirstDays(reader: Reader, tenant: string): Promise<Map<string, string>> {
  const rows = await runNamed(reader, 'workforce_agent_first_day', { tenant });
  return new Map(rows.map((r) => [str(r, 'agent') ?? '', str(r, 'first_day') ?? '']));
}
