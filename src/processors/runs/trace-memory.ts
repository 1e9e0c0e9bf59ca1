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
  /**
   * Another tenant's trace with the same id (ids are the senders' choice): the memory finds traces
   * by id alone and walks this chain for the tenant, which is nearly always the first.
   */
  sameId: TraceState | undefined;
  /** Its neighbours in the memory's order of last use (toward the least recently seen, and away). */
  older: TraceState | undefined;
  newer: TraceState | undefined;
  /**
   * The trace's span links by span id: a lone span's held as it is, a Map from the second on.
   * Most traces are one model call (a Map a trace was a fifth of what the processing thread
   * allocated a chat span, and all of it outlived the young generation).
   */
  links: SpanLineage | Map<string, SpanLineage> | undefined;
  /**
   * Records stored before part of their lineage was known, because their ancestry had a gap (by
   * span id): when the missing spans arrive they are attributed again, and fixed up if an agent,
   * run or session turns up. Created on first use.
   */
  unresolved: Map<string, UnresolvedRecord> | undefined;
  /**
   * The span ids of `unresolved` records by the ancestor they wait for, so that a batch re-walks
   * only the records whose missing ancestor it brought (a long trace whose root never comes, as
   * when the service above does not export here, would otherwise re-walk all of them per batch).
   */
  waiting: Map<string, string[]> | undefined;
}

export interface UnresolvedRecord {
  parentSpanId: string;
  startUs: number;
  /** The fields the record would have inherited from an ancestor that has not arrived. */
  pending: InheritedField[];
  /** The first of its ancestors not seen yet (Ancestry.missing). */
  waitingFor: string;
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
 * `maxTraces` or `maxSpans` the least recently seen traces go first. The order of last use is a
 * list through the states themselves: a Set of them cost an insert and a delete (hashed, in a
 * table as large as the memory) per trace seen, ~1.7% of the process's CPU on chat traffic.
 *
 * Traces are found by trace id alone, tenants chained (TraceState.sameId): a key joining the two
 * was a new string to build and hash twice a span, and a map per tenant cost a second lookup on
 * every access (the memory's maps were ~30% of the processing thread's work on chat traffic).
 */
export class TraceMemory {
  private readonly byId = new Map<string, TraceState>();
  /** The ends of the list of every trace, least recently seen first. */
  private oldest: TraceState | undefined;
  private newest: TraceState | undefined;
  private traces = 0;
  private spans = 0;

  constructor(private readonly limits: TraceMemoryLimits) {}

  get traceCount(): number {
    return this.traces;
  }

  get spanCount(): number {
    return this.spans;
  }

  /** The trace's state, created if new, marked as seen now. */
  touch(tenant: string, traceId: string, nowMs: number): TraceState {
    const first = this.byId.get(traceId);
    let state = ofTenant(first, tenant);
    if (state === undefined) {
      state = { tenant, traceId, lastSeenMs: nowMs, sameId: first, older: undefined, newer: undefined, links: undefined, unresolved: undefined, waiting: undefined };
      this.byId.set(traceId, state);
      this.traces++;
      this.append(state);
    } else if (state !== this.newest) {
      this.unlink(state);
      this.append(state);
    }
    state.lastSeenMs = nowMs;
    return state;
  }

  get(tenant: string, traceId: string): TraceState | undefined {
    return ofTenant(this.byId.get(traceId), tenant);
  }

  addLineage(state: TraceState, lineage: SpanLineage): void {
    const links = state.links;
    if (links === undefined) {
      state.links = lineage;
      this.spans++;
    } else if (links instanceof Map) {
      if (!links.has(lineage.spanId)) this.spans++;
      links.set(lineage.spanId, lineage);
    } else if (links.spanId === lineage.spanId) {
      state.links = lineage;
    } else {
      state.links = new Map([
        [links.spanId, links],
        [lineage.spanId, lineage],
      ]);
      this.spans++;
    }
  }

  addUnresolved(state: TraceState, spanId: string, record: UnresolvedRecord): void {
    state.unresolved ??= new Map();
    const earlier = state.unresolved.get(spanId);
    if (earlier === undefined) this.spans++;
    state.unresolved.set(spanId, record);
    // A span sent again is filed again only if it now waits for another ancestor.
    if (earlier?.waitingFor !== record.waitingFor) this.wait(state, spanId, record);
  }

  /** Files an unresolved record under the ancestor it now waits for. */
  wait(state: TraceState, spanId: string, record: UnresolvedRecord): void {
    state.waiting ??= new Map();
    const records = state.waiting.get(record.waitingFor);
    if (records === undefined) state.waiting.set(record.waitingFor, [spanId]);
    else records.push(spanId);
  }

  /** The unresolved records that waited for `ancestorSpanId`, no longer filed under it. */
  takeWaiting(state: TraceState, ancestorSpanId: string): Array<[string, UnresolvedRecord]> {
    const spanIds = state.waiting?.get(ancestorSpanId);
    if (spanIds === undefined) return [];
    state.waiting!.delete(ancestorSpanId);
    const records: Array<[string, UnresolvedRecord]> = [];
    for (const spanId of spanIds) {
      const record = state.unresolved?.get(spanId);
      // Filed earlier under another ancestor, or resolved since: not this filing's.
      if (record !== undefined && record.waitingFor === ancestorSpanId) records.push([spanId, record]);
    }
    return records;
  }

  resolved(state: TraceState, spanId: string): void {
    if (state.unresolved?.delete(spanId)) this.spans--;
  }

  evict(nowMs: number): void {
    const expiredBefore = nowMs - this.limits.ttlMs;
    for (let state = this.oldest, next; state !== undefined; state = next) {
      next = state.newer;
      const over = this.traces > this.limits.maxTraces || this.spans > this.limits.maxSpans;
      if (!over && state.lastSeenMs >= expiredBefore) break;
      if (this.traces === 1 && state.lastSeenMs >= expiredBefore) {
        this.trim(state);
        break;
      }
      this.forget(state);
    }
  }

  clear(): void {
    this.byId.clear();
    this.oldest = undefined;
    this.newest = undefined;
    this.traces = 0;
    this.spans = 0;
  }

  /** Adds the state as the most recently seen. */
  private append(state: TraceState): void {
    state.older = this.newest;
    state.newer = undefined;
    if (this.newest === undefined) this.oldest = state;
    else this.newest.newer = state;
    this.newest = state;
  }

  private unlink(state: TraceState): void {
    if (state.older === undefined) this.oldest = state.newer;
    else state.older.newer = state.newer;
    if (state.newer === undefined) this.newest = state.older;
    else state.newer.older = state.older;
    state.older = undefined;
    state.newer = undefined;
  }

  private forget(state: TraceState): void {
    this.unlink(state);
    this.traces--;
    const first = this.byId.get(state.traceId)!;
    if (first === state) {
      if (state.sameId === undefined) this.byId.delete(state.traceId);
      else this.byId.set(state.traceId, state.sameId);
    } else {
      let before = first;
      while (before.sameId !== state) before = before.sameId!;
      before.sameId = state.sameId;
    }
    this.spans -= sizeOf(state);
  }

  /** One live trace larger than the whole budget keeps its most recent span links. */
  private trim(state: TraceState): void {
    const links = state.links;
    if (!(links instanceof Map)) return;
    for (const spanId of links.keys()) {
      if (this.spans <= this.limits.maxSpans) return;
      links.delete(spanId);
      this.spans--;
    }
  }
}

/** The tenant's trace in the chain of traces that share an id. */
function ofTenant(first: TraceState | undefined, tenant: string): TraceState | undefined {
  let state = first;
  while (state !== undefined && state.tenant !== tenant) state = state.sameId;
  return state;
}

function linkCount(state: TraceState): number {
  const links = state.links;
  return links === undefined ? 0 : links instanceof Map ? links.size : 1;
}

function sizeOf(state: TraceState): number {
  return linkCount(state) + (state.unresolved?.size ?? 0);
}

function linkOf(state: TraceState, spanId: string): SpanLineage | undefined {
  const links = state.links;
  if (links === undefined) return undefined;
  if (links instanceof Map) return links.get(spanId);
  return links.spanId === spanId ? links : undefined;
}

/** Guards the parent walks against malformed (cyclic) parent links. */
const MAX_DEPTH = 64;

/**
 * What a span inherits from its ancestors, found in one walk up from its parent.
 * Each field: the nearest ancestor's value; '' when every ancestor up to the root is known and
 * none has one (final); null when the walk hit an ancestor not seen yet first (it may still come).
 */
export interface Ancestry {
  agent: string | null;
  runId: string | null;
  sessionId: string | null;
  /** Where a null field waits: the first ancestor not seen yet (a cycle's: where the walk gave up). */
  missing: string;
}

/** A root span's: nothing to inherit, nothing to wait for. */
const ROOT: Readonly<Ancestry> = Object.freeze({ agent: '', runId: '', sessionId: '', missing: '' });

export function ancestry(state: TraceState, parentSpanId: string): Readonly<Ancestry> {
  if (parentSpanId === '') return ROOT;
  let agent: string | null = null;
  let runId: string | null = null;
  let sessionId: string | null = null;
  let id = parentSpanId;
  for (let depth = 0; id !== '' && depth < MAX_DEPTH; depth++) {
    const link = linkOf(state, id);
    if (link === undefined) return { agent, runId, sessionId, missing: id };
    agent ??= link.agent || null;
    runId ??= link.runId || null;
    sessionId ??= link.sessionId || null;
    // Once all three are found, nothing further up can change them.
    if (agent !== null && runId !== null && sessionId !== null) return { agent, runId, sessionId, missing: '' };
    id = link.parentSpanId;
  }
  if (id !== '') return { agent, runId, sessionId, missing: id };
  return { agent: agent ?? '', runId: runId ?? '', sessionId: sessionId ?? '', missing: '' };
}
