import type { BudgetEngine } from '../engine/engine.js';
import { RUN_MEMORY_MS } from '../spend/run-usage.js';
import { WINDOW_MS } from '../spend/usage-window.js';
import type { BudgetDb, Statement } from './db.js';
import { decimal, int, isoTime, text } from './values.js';

export interface BudgetEventRow {
  id: string;
  tenant: string;
  budgetId: string;
  budgetName: string;
  periodKey: string;
  threshold: number;
  firedMs: number;
  spentNanos: number;
  limitNanos: number;
  percent: number;
  alertJson: string;
}

export const insertBudgetEvent = (e: BudgetEventRow): Statement => ({
  query: 'budget_events_insert',
  params: {
    id: e.id,
    tenant: e.tenant,
    budget_id: e.budgetId,
    budget_name: e.budgetName,
    period_key: e.periodKey,
    threshold: e.threshold,
    fired_at: isoTime(e.firedMs),
    spent_usd: decimal(e.spentNanos),
    limit_usd: decimal(e.limitNanos),
    percent_used: e.percent,
    alert: e.alertJson,
  },
});

/** Start-up: the thresholds already fired in periods (and runs) that can still receive spend. */
export async function loadFired(db: BudgetDb, engine: BudgetEngine, nowMs: number): Promise<void> {
  const rows = await db.rows('budget_events_since', { since: isoTime(nowMs - WINDOW_MS), runs_since: isoTime(nowMs - RUN_MEMORY_MS) });
  for (const r of rows) engine.markFired(text(r, 'budget_id'), text(r, 'period_key'), Number(r.threshold), int(r, 'fired_ms'));
}

export interface FiredAlert {
  id: string;
  budgetId: string;
  budgetName: string;
  periodKey: string;
  threshold: number;
  firedMs: number;
  alert: unknown;
}

export async function listBudgetEvents(db: BudgetDb, tenant: string, budgetId: string | null, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db.rows('budget_events_list', { tenant, budget_id: budgetId, limit, offset }),
    db.rows('budget_events_count', { tenant, budget_id: budgetId }),
  ]);
  const data: FiredAlert[] = rows.map((r) => ({
    id: text(r, 'id'),
    budgetId: text(r, 'budget_id'),
    budgetName: text(r, 'budget_name'),
    periodKey: text(r, 'period_key'),
    threshold: Number(r.threshold),
    firedMs: int(r, 'fired_ms'),
    alert: JSON.parse(text(r, 'alert')) as unknown,
  }));
  return { data, total: int(count[0] ?? {}, 'total') };
}
