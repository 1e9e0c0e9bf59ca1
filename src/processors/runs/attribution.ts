import type { LineageFixup, SpanLineage, TraceBatch } from '../../pipeline/batch.js';
import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';
import { ancestry, type InheritedField, type TraceMemory, type TraceState } from './trace-memory.js';

/**
 * Completes run, session and agent of every record from its ancestors, in this batch or
 * remembered from earlier ones:
 * - run: a record without `tokentally.run_id` of its own (its run is its trace id) takes the
 *   nearest ancestor's, so a run id set on the root span covers the whole trace;
 * - session: likewise from the nearest ancestor's `session.id` / `gen_ai.conversation.id`;
 * - agent: the span's own, else the nearest ancestor that names an agent (normally the
 *   invoke_agent span), walking through any span of the trace, gen_ai or not; else the service
 *   name.
 * A record whose walk for any of the three hit an ancestor not seen yet is remembered; when a
 * later batch brings ancestors that name its agent, run or session (exporters send a parent after
 * its children, so a root span carrying the run id often comes batches after its calls), a
 * LineageFixup re-attributes the stored row.
 */
export class Attribution {
  constructor(private readonly memory: TraceMemory) {}

  apply(batch: TraceBatch, nowMs: number): void {
    const tenant = batch.context.tenant;
    const arrivals = this.rememberLineage(batch.lineage, tenant, nowMs);
    for (const [state, spanId] of arrivals) this.fixUp(state, spanId, batch.fixups);

    let lineageBySpan: Map<string, SpanLineage> | undefined;
    for (const call of batch.calls) this.attribute(call, call.serviceName, tenant);
    for (const activity of batch.activities) {
      if (activity.agent === '' && lineageBySpan === undefined) lineageBySpan = bySpanId(batch.lineage);
      this.attribute(activity, lineageBySpan?.get(activity.spanId)?.serviceName ?? 'unknown_service', tenant);
    }
  }

  /** Remembers the batch's spans; returns those that records stored earlier were waiting for. */
  private rememberLineage(lineage: readonly SpanLineage[], tenant: string, nowMs: number): Array<[TraceState, string]> {
    const arrivals: Array<[TraceState, string]> = [];
    let state: TraceState | undefined;
    for (const link of lineage) {
      if (state === undefined || state.traceId !== link.traceId) state = this.memory.touch(tenant, link.traceId, nowMs);
      this.memory.addLineage(state, link);
      if (state.waiting?.has(link.spanId)) arrivals.push([state, link.spanId]);
    }
    return arrivals;
  }

  /**
   * Records stored earlier that waited for the span `arrived`, tried again now that it came (with
   * the whole batch remembered): each field whose walk now ends is settled (a fix-up carries
   * those that found a value), and the record waits on for the others, for the next gap up.
   */
  private fixUp(state: TraceState, arrived: string, fixups: LineageFixup[]): void {
    for (const [spanId, record] of this.memory.takeWaiting(state, arrived)) {
      const inherited = ancestry(state, record.parentSpanId);
      const fixup: LineageFixup = { tenant: state.tenant, traceId: state.traceId, spanId, agent: null, runId: null, sessionId: null, startUs: record.startUs };
      let found = false;
      const waiting: InheritedField[] = [];
      for (const field of record.pending) {
        const value = inherited[field];
        if (value === null) waiting.push(field);
        else if (value !== '') {
          fixup[field] = value;
          found = true;
        }
      }
      if (found) fixups.push(fixup);
      if (waiting.length === 0) {
        this.memory.resolved(state, spanId);
      } else {
        record.pending = waiting;
        record.waitingFor = inherited.missing;
        this.memory.wait(state, spanId, record);
      }
    }
  }

  private attribute(record: CallRecord | ActivityRecord, fallbackAgent: string, tenant: string): void {
    // A root span has no ancestor to inherit from (most calls of chat traffic): no look-up.
    const state = record.parentSpanId === '' ? undefined : this.memory.get(tenant, record.traceId);
    if (state === undefined) {
      if (record.agent === '') record.agent = fallbackAgent;
      return;
    }
    const inherited = ancestry(state, record.parentSpanId);
    // The fields an ancestor that has not arrived yet may still give (see fixUp).
    let pending: InheritedField[] | undefined;
    if (record.runId === record.traceId) {
      if (inherited.runId) record.runId = inherited.runId;
      else if (inherited.runId === null) (pending ??= []).push('runId');
    }
    if (record.sessionId === null) {
      if (inherited.sessionId) record.sessionId = inherited.sessionId;
      else if (inherited.sessionId === null) (pending ??= []).push('sessionId');
    }
    if (record.agent === '') {
      record.agent = inherited.agent || fallbackAgent;
      if (inherited.agent === null) (pending ??= []).push('agent');
    }
    if (pending !== undefined) {
      this.memory.addUnresolved(state, record.spanId, { parentSpanId: record.parentSpanId, startUs: record.startUs, pending, waitingFor: inherited.missing });
    }
  }
}

function bySpanId(lineage: readonly SpanLineage[]): Map<string, SpanLineage> {
  const map = new Map<string, SpanLineage>();
  for (const link of lineage) map.set(link.spanId, link);
  return map;
}
