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

/** A quarter of an hour: every time zone in use is offset from UTC by a multiple of it. */
export const QUARTER_MS = 900_000;

/**
 * How far back spend is kept per quarter hour rather than per hour (see UsageWindow): long
 * enough for any day a daily budget is in, seen from any time zone.
 */
export const QUARTER_DETAIL_MS = 2 * 24 * HOUR_MS;

type Cells = Map<number, TupleIndex<UsageCell>>;

/** The hour from which spend is kept per quarter hour, at `nowMs`. */
export function quarterDetailSince(nowMs: number): number {
  return Math.floor((nowMs - QUARTER_DETAIL_MS) / HOUR_MS) * HOUR_MS;
}

/**
 * Recent spend, kept in memory: loaded once at start-up, then fed every committed call. Any
 * budget's spend in any current period is a sum over it, so a budget created or changed at run
 * time gets its spend without a query racing the exporter's commits.
 *
 * Cells are per quarter hour for the last QUARTER_DETAIL_MS and per hour before: in zones whose
 * offset is not a whole hour (India, Nepal, parts of Australia, Iran, Newfoundland…) a day starts
 * inside a UTC hour, and hour cells counted the whole straddling hour toward both days. Periods
 * that start further back (weeks, months) still count their first partial hour whole, erring
 * high by at most three quarters of an hour of spend, never low. Quarter cells cost up to four
 * times the memory of hour cells, so they are kept only as long as a daily budget needs them.
 */
export class UsageWindow {
  /** tenant -> UTC hour start -> (agent, model, task type) -> cell. */
  private readonly hours = new Map<string, Cells>();
  /** tenant -> UTC quarter-hour start -> (agent, model, task type) -> cell. */
  private readonly quarters = new Map<string, Cells>();
  /** Calls from this time on go to quarter cells; older ones (late spans) to hour cells. */
  private quarterSinceMs = -Infinity;
  /** Reused for every look-up. */
  private readonly key: KeyPart[] = ['', '', ''];

  /** Spend of one hour (start-up, from hourly_usage). */
  add(tenant: string, hourMs: number, agent: string, model: string, taskType: string, totals: Totals): void {
    addTotals(this.cell(this.hours, tenant, hourMs, agent, model, taskType), totals);
  }

  /** Spend of one quarter hour (start-up, from the stored records). */
  addQuarter(tenant: string, quarterMs: number, agent: string, model: string, taskType: string, totals: Totals): void {
    addTotals(this.cell(this.quarters, tenant, quarterMs, agent, model, taskType), totals);
  }

  addCall(call: CallFacts): void {
    const quarter = call.timeMs >= this.quarterSinceMs;
    const span = quarter ? QUARTER_MS : HOUR_MS;
    const cell = this.cell(quarter ? this.quarters : this.hours, call.tenant, Math.floor(call.timeMs / span) * span, call.agent, call.model, call.taskType);
    addTo(cell, call.costNanos, call.calls);
  }

  private cell(byTenant: Map<string, Cells>, tenant: string, startMs: number, agent: string, model: string, taskType: string): UsageCell {
    let cellsByStart = byTenant.get(tenant);
    if (!cellsByStart) byTenant.set(tenant, (cellsByStart = new Map()));
    let cells = cellsByStart.get(startMs);
    if (!cells) cellsByStart.set(startMs, (cells = new TupleIndex()));
    const key = this.key;
    key[0] = agent;
    key[1] = model;
    key[2] = taskType;
    let cell = cells.find(key);
    if (!cell) cells.add(key, (cell = { agent, model, taskType, ...emptyTotals() }));
    return cell;
  }

  /** Cells that overlap [fromMs, toMs): exact at quarter-hour boundaries within the quarter detail. */
  *cells(tenant: string, fromMs: number, toMs: number): Iterable<UsageCell> {
    for (const [byTenant, span] of [[this.hours, HOUR_MS], [this.quarters, QUARTER_MS]] as const) {
      const cellsByStart = byTenant.get(tenant);
      if (!cellsByStart) continue;
      for (const [startMs, cells] of cellsByStart) {
        if (startMs + span > fromMs && startMs < toMs) yield* cells.rows;
      }
    }
  }

  /**
   * From `ms` (an hour start) on, calls go to quarter cells; quarter cells before it are folded
   * into their hours.
   */
  keepQuartersSince(ms: number): void {
    this.quarterSinceMs = ms;
    for (const [tenant, cellsByStart] of this.quarters) {
      for (const [startMs, cells] of cellsByStart) {
        if (startMs >= ms) continue;
        const hourMs = Math.floor(startMs / HOUR_MS) * HOUR_MS;
        for (const c of cells.rows) addTotals(this.cell(this.hours, tenant, hourMs, c.agent, c.model, c.taskType), c);
        cellsByStart.delete(startMs);
      }
    }
  }

  evictBefore(ms: number): void {
    for (const [byTenant, span] of [[this.hours, HOUR_MS], [this.quarters, QUARTER_MS]] as const) {
      for (const cellsByStart of byTenant.values()) {
        for (const startMs of cellsByStart.keys()) if (startMs + span <= ms) cellsByStart.delete(startMs);
      }
    }
  }
}
