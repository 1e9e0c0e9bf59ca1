import type { SqlParams } from './named-sql.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Filters every usage query accepts; absent means any. */
export interface CallFilters {
  agent?: string;
  provider?: string;
  model?: string;
  category?: string;
  taskType?: string;
  sessionId?: string;
  runId?: string;
}

/** Where usage_facts reads from: see queries/usage_facts.sql. */
export type FactsSource = 'daily' | 'hourly' | 'raw';

/** One tenant's calls in [startMs, endMs) that pass `filters`, read from `source`. */
export interface UsageScope {
  tenant: string;
  startMs: number;
  endMs: number;
  filters: CallFilters;
  source: FactsSource;
}

/**
 * The cheapest source that answers exactly. Roll-ups hold neither session nor run, and hold
 * only whole UTC days or hours, so every instant in `edges` (the window's ends and any bucket
 * boundaries the answer is cut at) must fall on one of their boundaries. `finest` is the
 * smallest bucket the answer needs (the daily roll-up cannot give hours).
 */
export function chooseSource(filters: CallFilters, edges: readonly number[], finest: 'day' | 'hour'): FactsSource {
  if (filters.sessionId !== undefined || filters.runId !== undefined) return 'raw';
  if (finest === 'day' && edges.every((ms) => ms % DAY_MS === 0)) return 'daily';
  if (edges.every((ms) => ms % HOUR_MS === 0)) return 'hourly';
  return 'raw';
}

export function usageScope(tenant: string, window: { startMs: number; endMs: number }, filters: CallFilters, source?: FactsSource): UsageScope {
  return { tenant, startMs: window.startMs, endMs: window.endMs, filters, source: source ?? chooseSource(filters, [window.startMs, window.endMs], 'day') };
}

/** The parameters of queries/usage_facts.sql. */
export function factsParams(scope: UsageScope): SqlParams {
  const f = scope.filters;
  return {
    tenant: scope.tenant,
    source: scope.source,
    start_us: scope.startMs * 1000,
    end_us: scope.endMs * 1000,
    agent: f.agent ?? null,
    provider: f.provider ?? null,
    model: f.model ?? null,
    category: f.category ?? null,
    task_type: f.taskType ?? null,
    session_id: f.sessionId ?? null,
    run_id: f.runId ?? null,
  };
}
