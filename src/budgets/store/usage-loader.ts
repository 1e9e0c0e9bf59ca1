import type { RunUsageStore } from '../spend/run-usage.js';
import { RUN_MEMORY_MS } from '../spend/run-usage.js';
import { quarterDetailSince, WINDOW_MS, type UsageWindow } from '../spend/usage-window.js';
import type { BudgetDb } from './db.js';
import { int, isoTime, text } from './values.js';

/**
 * Start-up: the usage window from hourly_usage, its last QUARTER_DETAIL_MS per quarter hour from
 * the stored records; per-run totals from runs and run_agents.
 */
export async function loadUsage(db: BudgetDb, window: UsageWindow, runs: RunUsageStore, nowMs: number): Promise<void> {
  const quartersSince = quarterDetailSince(nowMs);
  for (const r of await db.rows('budget_usage_hourly', { since: isoTime(nowMs - WINDOW_MS), until: isoTime(quartersSince) })) {
    window.add(text(r, 'tenant'), int(r, 'hour_ms'), text(r, 'agent'), text(r, 'model'), text(r, 'task_type'), totalsOf(r));
  }
  for (const r of await db.rows('budget_usage_quarters', { since: isoTime(quartersSince) })) {
    window.addQuarter(text(r, 'tenant'), int(r, 'quarter_ms'), text(r, 'agent'), text(r, 'model'), text(r, 'task_type'), totalsOf(r));
  }
  window.keepQuartersSince(quartersSince);
  const runsSince = { since: isoTime(nowMs - RUN_MEMORY_MS), max_runs: runs.capacity };
  for (const r of await db.rows('budget_usage_runs', runsSince)) {
    runs.loadRun(text(r, 'tenant'), text(r, 'run_id'), int(r, 'start_ms'), int(r, 'end_ms'), totalsOf(r));
  }
  for (const r of await db.rows('budget_usage_run_agents', runsSince)) {
    runs.loadAgent(text(r, 'tenant'), text(r, 'run_id'), text(r, 'agent'), totalsOf(r));
  }
}

function totalsOf(r: Record<string, unknown>) {
  return { costNanos: int(r, 'cost_nanos'), calls: int(r, 'calls'), unpricedCalls: int(r, 'unpriced_calls') };
}
