import type { SpanLineage } from '../../pipeline/batch.js';

/**
 * What the runs processor remembers of one trace: its parent links, and the spans that name an
 * agent, a run or a session, so that a record can inherit them from the nearest ancestor even
 * when that ancestor came in an earlier batch.
 */
export interface TraceState {
  readonly tenant: string;
  readonly traceId: string;
  lastSeenMs: number;
  readonly parents: Map<string, string>;
  readonly agents: Map<string, string>;
  readonly runs: Map<string, string>;
  readonly sessions: Map<string, string>;
  /**
   * Records stored with the fallback agent because their ancestry had a gap (span id -> parent
   * span id): when the missing spans arrive they are attributed again, and fixed up if an agent
   * turns up.
   */
  readonly unresolved: Map<string, string>;
}

export interface TraceMemoryLimits {
  ttlMs: number;
  maxTraces: number;
  maxSpans: number;
}

/**
 * Per-trace state, bounded three ways: a trace not seen for `ttlMs` is forgotten; beyond
 * `maxTraces` or `maxSpans` the least recently seen traces go first (a Map iterates in insertion
 * order, and a trace is re-inserted whenever it is seen).
 */
export class TraceMemory {
  private readonly traces = new Map<string, TraceState>();
  private spans = 0;

  constructor(private readonly limits: TraceMemoryLimits) {}

  get traceCount(): number {
    return this.traces.size;
  }

  get spanCount(): number {
    return this.spans;
  }

  /** The trace's state, created if new, marked as seen now. */
  touch(tenant: string, traceId: string, nowMs: number): TraceState {
    const key = `${tenant}\n${traceId}`;
    let state = this.traces.get(key);
    if (state === undefined) {
      state = { tenant, traceId, lastSeenMs: nowMs, parents: new Map(), agents: new Map(), runs: new Map(), sessions: new Map(), unresolved: new Map() };
    } else {
      this.traces.delete(key);
    }
    state.lastSeenMs = nowMs;
    this.traces.set(key, state);
    return state;
  }

  get(tenant: string, traceId: string): TraceState | undefined {
    return this.traces.get(`${tenant}\n${traceId}`);
  }

  addLineage(state: TraceState, lineage: SpanLineage): void {
    if (!state.parents.has(lineage.spanId)) this.spans++;
    state.parents.set(lineage.spanId, lineage.parentSpanId);
    if (lineage.agent !== '') state.agents.set(lineage.spanId, lineage.agent);
    if (lineage.runId !== '') state.runs.set(lineage.spanId, lineage.runId);
    if (lineage.sessionId !== '') state.sessions.set(lineage.spanId, lineage.sessionId);
  }

  addUnresolved(state: TraceState, spanId: string, parentSpanId: string): void {
    if (!state.unresolved.has(spanId)) this.spans++;
    state.unresolved.set(spanId, parentSpanId);
  }

  resolved(state: TraceState, spanId: string): void {
    if (state.unresolved.delete(spanId)) this.spans--;
  }

  evict(nowMs: number): void {
    const expiredBefore = nowMs - this.limits.ttlMs;
    for (const [key, state] of this.traces) {
      const over = this.traces.size > this.limits.maxTraces || this.spans > this.limits.maxSpans;
      if (!over && state.lastSeenMs >= expiredBefore) break;
      if (this.traces.size === 1 && state.lastSeenMs >= expiredBefore) {
        this.trim(state);
        break;
      }
      this.traces.delete(key);
      this.spans -= sizeOf(state);
    }
  }

  clear(): void {
    this.traces.clear();
    this.spans = 0;
  }

  /** One live trace larger than the whole budget keeps its most recent span links. */
  private trim(state: TraceState): void {
    for (const spanId of state.parents.keys()) {
      if (this.spans <= this.limits.maxSpans) return;
      state.parents.delete(spanId);
      state.agents.delete(spanId);
      state.runs.delete(spanId);
      state.sessions.delete(spanId);
      this.spans--;
    }
  }
}

function sizeOf(state: TraceState): number {
  return state.parents.size + state.unresolved.size;
}

/** Guards the parent walks against malformed (cyclic) parent links. */
const MAX_DEPTH = 64;

/**
 * The value `values` holds for the nearest ancestor of a span whose parent is `parentSpanId`:
 * a string when found; '' when the walk reached the root without finding one (final: every
 * ancestor is known); null when it hit a span not seen yet (it may still arrive).
 */
export function nearestAncestorValue(state: TraceState, parentSpanId: string, values: ReadonlyMap<string, string>): string | null {
  let id = parentSpanId;
  for (let depth = 0; id !== '' && depth < MAX_DEPTH; depth++) {
    const value = values.get(id);
    if (value !== undefined) return value;
    const parent = state.parents.get(id);
    if (parent === undefined) return null;
    id = parent;
  }
  return id === '' ? '' : null;
}
