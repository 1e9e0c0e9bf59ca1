import type { SpanLineage } from '../../pipeline/batch.js';

/**
 * What the runs processor remembers of one trace: the lineage of its spans (parent link and the
 * agent, run and session each span names), so that a record can inherit them from the nearest
 * ancestor even when that ancestor came in an earlier batch. The genai processor's SpanLineage
 * objects are kept as they are: one map entry a span and no copy (most traces an agent fleet
 * sends are a handful of spans, so per-trace overhead is what the memory is made of).
 */
export interface TraceState {
  readonly tenant: string;
  readonly traceId: string;
  lastSeenMs: number;
  readonly spans: Map<string, SpanLineage>;
  /**
   * Records stored with the fallback agent because their ancestry had a gap (by span id): when
   * the missing spans arrive they are attributed again, and fixed up if an agent turns up.
   * Created on first use.
   */
  unresolved: Map<string, UnresolvedRecord> | undefined;
}

export interface UnresolvedRecord {
  parentSpanId: string;
  startUs: number;
}

/** The lineage fields a record inherits from its nearest ancestor. */
export type InheritedField = 'agent' | 'runId' | 'sessionId';

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
      state = { tenant, traceId, lastSeenMs: nowMs, spans: new Map(), unresolved: undefined };
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
    if (!state.spans.has(lineage.spanId)) this.spans++;
    state.spans.set(lineage.spanId, lineage);
  }

  addUnresolved(state: TraceState, spanId: string, record: UnresolvedRecord): void {
    state.unresolved ??= new Map();
    if (!state.unresolved.has(spanId)) this.spans++;
    state.unresolved.set(spanId, record);
  }

  resolved(state: TraceState, spanId: string): void {
    if (state.unresolved?.delete(spanId)) this.spans--;
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
    for (const spanId of state.spans.keys()) {
      if (this.spans <= this.limits.maxSpans) return;
      state.spans.delete(spanId);
      this.spans--;
    }
  }
}

function sizeOf(state: TraceState): number {
  return state.spans.size + (state.unresolved?.size ?? 0);
}

/** Guards the parent walks against malformed (cyclic) parent links. */
const MAX_DEPTH = 64;

/**
 * The `field` of the nearest ancestor that has one, for a span whose parent is `parentSpanId`:
 * a string when found; '' when the walk reached the root without finding one (final: every
 * ancestor is known); null when it hit a span not seen yet (it may still arrive).
 */
export function nearestAncestorValue(state: TraceState, parentSpanId: string, field: InheritedField): string | null {
  let id = parentSpanId;
  for (let depth = 0; id !== '' && depth < MAX_DEPTH; depth++) {
    const link = state.spans.get(id);
    if (link === undefined) return null;
    if (link[field] !== '') return link[field];
    id = link.parentSpanId;
  }
  return id === '' ? '' : null;
}
