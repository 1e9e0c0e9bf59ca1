import type { CallFacts } from './call-facts.js';
import { TupleIndex, type KeyPart } from '../../util/tuple-index.js';
import { addTo, addTotals, emptyTotals, type Totals } from './totals.js';

export const HOUR_MS = 3_600_000;

/** Spend of one (agent, model, task type) in one hour. */
export interface UsageCell extends Totals {
  agent: string;
  model: string;
  taskType: string;
}

/**
 * Long enough for the longest calendar period (a 31-day month) seen from any time zone, plus the
 * hours of a late span: older spend never counts toward a current budget period.
 */
export const WINDOW_MS = 33 * 24 * HOUR_MS;

/**
 * The recent part of hourly_usage, kept in memory: loaded once at start-up, then fed every
 * committed call. Any budget's spend in any current period is a sum over it, so a budget created
 * or changed at run time gets its spend without a query racing the exporter's commits.
 */
export class UsageWindow {
  /** tenant -> UTC hour start -> (agent, model, task type) -> cell. */
  private readonly tenants = new Map<string, Map<number, TupleIndex<UsageCell>>>();
  /** Reused for every look-up. */
  private readonly key: KeyPart[] = ['', '', ''];

  add(tenant: string, hourMs: number, agent: string, model: string, taskType: string, totals: Totals): void {
    addTotals(this.cell(tenant, hourMs, agent, model, taskType), totals);
  }

  addCall(call: CallFacts): void {
    addTo(this.cell(call.tenant, Math.floor(call.timeMs / HOUR_MS) * HOUR_MS, call.agent, call.model, call.taskType), call.costNanos, call.calls);
  }

  private cell(tenant: string, hourMs: number, agent: string, model: string, taskType: string): UsageCell {
    let hours = this.tenants.get(tenant);
    if (!hours) this.tenants.set(tenant, (hours = new Map()));
    let cells = hours.get(hourMs);
    if (!cells) hours.set(hourMs, (cells = new TupleIndex()));
    const key = this.key;
    key[0] = agent;
    key[1] = model;
    key[2] = taskType;
    let cell = cells.find(key);
    if (!cell) cells.add(key, (cell = { agent, model, taskType, ...emptyTotals() }));
    return cell;
  }

  /**
   * Cells of the hours that overlap [fromMs, toMs). In zones whose offset is not a whole hour the
   * hour straddling a period start counts toward both periods: restored spend errs high, never low.
   */
  *cells(tenant: string, fromMs: number, toMs: number): Iterable<UsageCell> {
    const hours = this.tenants.get(tenant);
    if (!hours) return;
    for (const [hourMs, cells] of hours) {
      if (hourMs + HOUR_MS > fromMs && hourMs < toMs) yield* cells.rows;
    }
  }

  evictBefore(ms: number): void {
    for (const hours of this.tenants.values()) {
      for (const hourMs of hours.keys()) if (hourMs + HOUR_MS <= ms) hours.delete(hourMs);
    }
  }
}
