import type { CallRecord } from '../../pipeline/records.js';
import type { DecodedSpan } from '../../pipeline/span.js';

/**
 * Bills a model call once when two instrumentations both record it: a framework's span (a
 * LangChain or pydantic-ai "chat" span) around the SDK's own span for the same request.
 *
 * Rule: within one batch the leaf is billed and every model-call ancestor of it is dropped; the
 * leaf has the provider's own counts (cache, reasoning) that wrappers often lose. Across batches
 * the call that arrives first is billed, because a stored row is never taken back:
 * - leaf first (the usual order: a child span ends, and is exported, before its parent): when
 *   the leaf is billed its ancestors are marked as having a billed call below, as far up as they
 *   are known, and the first unknown one as a placeholder; a wrapper arriving later finds its
 *   mark and is dropped, and an intermediate span arriving later (an HTTP span between them)
 *   passes the mark on up.
 * - wrapper first (rarer: the two come from different exporters): the wrapper is billed and
 *   remembered; a leaf arriving later walks up its ancestors, finds it, and is dropped.
 * A call that was billed before is billed again when its span is sent again (OTLP retries):
 * the exporter drops the duplicate row, and a resend never changes which call was billed.
 *
 * Limits: the memory keeps the `maxSpans` most recently inserted spans (billed calls and their
 * marked ancestors only, not every span), so nesting is missed when the two halves arrive
 * further apart than that; a leaf arriving after its wrapper is recognised only when the spans
 * between them are in its own batch or already marked; and when two calls were each billed
 * before the span linking them arrived, both stay billed.
 */
export class NestedCallFilter {
  private readonly memory = new Map<string, NestNode>();
  /**
   * Placeholders in the memory (parentSpanId null), or more (one another trace's span replaced is
   * not subtracted): at 0 passOnMarks has nothing to look for, as on chat traffic.
   */
  private placeholders = 0;

  constructor(private readonly maxSpans: number) {}

  /** The calls of the batch to bill, in their original order. `spans` is the whole batch. */
  billable(spans: readonly DecodedSpan[], calls: readonly CallRecord[]): CallRecord[] {
    const batch = new BatchIndex(spans, calls);
    this.passOnMarks(spans, batch);
    if (calls.length === 0) return [];

    const own = new Array<NestNode | undefined>(calls.length);
    const dropped = this.nestedIn(calls, batch, own);
    const billed: CallRecord[] = [];
    for (let i = 0; i < calls.length; i++) {
      if (dropped[i] === 1) continue;
      const call = calls[i];
      billed.push(call);
      this.rememberBilled(call, own[i], batch);
    }
    this.evict();
    return billed;
  }

  clear(): void {
    this.memory.clear();
    this.placeholders = 0;
  }

  /** Spans that a billed call below had marked before they arrived pass the mark up to their parents. */
  private passOnMarks(spans: readonly DecodedSpan[], batch: BatchIndex): void {
    if (this.placeholders === 0) return;
    for (const span of spans) {
      const node = this.memory.get(span.spanId);
      if (node === undefined || node.parentSpanId !== null || node.traceId !== span.traceId) continue;
      node.parentSpanId = span.parentSpanId;
      this.placeholders--;
      if (node.billedBelow) this.markAncestors(span.parentSpanId, span.traceId, batch);
    }
  }

  /**
   * 1 for each call that is not billed: an ancestor of another call, or below a billed one.
   * Fills `own` with each call's node in the memory (undefined when it has none).
   */
  private nestedIn(calls: readonly CallRecord[], batch: BatchIndex, own: Array<NestNode | undefined>): Uint8Array {
    const dropped = new Uint8Array(calls.length);
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i];
      const traceId = call.traceId;
      const node = this.sameTrace(call.spanId, traceId);
      own[i] = node;
      const billedBefore = node?.billed === true;
      if (!billedBefore && node?.billedBelow === true) dropped[i] = 1;
      let id = call.parentSpanId;
      for (let depth = 0; id !== '' && depth < MAX_DEPTH; depth++) {
        const node = this.sameTrace(id, traceId);
        const j = batch.call(id);
        if (j !== undefined && j !== i && calls[j].traceId === traceId && node?.billed !== true) dropped[j] = 1;
        if (node?.billed === true && !billedBefore) dropped[i] = 1;
        const span = batch.span(id);
        const parent = span !== undefined && span.traceId === traceId ? span.parentSpanId : node?.parentSpanId;
        if (parent === undefined || parent === null) break;
        id = parent;
      }
    }
    return dropped;
  }

  /**
   * `node`: the call's node as nestedIn found it. A call without one still has none: only a billed
   * call below it could have made one since, and a call with a billed call below is not billed.
   */
  private rememberBilled(call: CallRecord, node: NestNode | undefined, batch: BatchIndex): void {
    if (node === undefined) {
      this.memory.set(call.spanId, { traceId: call.traceId, parentSpanId: call.parentSpanId, billed: true, billedBelow: false });
    } else {
      if (node.parentSpanId === null) this.placeholders--;
      node.billed = true;
      node.parentSpanId = call.parentSpanId;
    }
    this.markAncestors(call.parentSpanId, call.traceId, batch);
  }

  /**
   * Marks `id` and its ancestors as having a billed call below. Stops at the first ancestor
   * already marked (its own ancestors are too) and at the first one not seen yet, which is
   * remembered as a placeholder for passOnMarks.
   */
  private markAncestors(id: string, traceId: string, batch: BatchIndex): void {
    for (let depth = 0; id !== '' && depth < MAX_DEPTH; depth++) {
      const node = this.memory.get(id);
      if (node !== undefined) {
        if (node.traceId !== traceId || node.billedBelow) return;
        node.billedBelow = true;
        if (node.parentSpanId === null) return;
        id = node.parentSpanId;
        continue;
      }
      const span = batch.span(id);
      const known = span !== undefined && span.traceId === traceId;
      this.memory.set(id, { traceId, parentSpanId: known ? span.parentSpanId : null, billed: false, billedBelow: true });
      if (!known) {
        this.placeholders++;
        return;
      }
      id = span.parentSpanId;
    }
  }

  private sameTrace(spanId: string, traceId: string): NestNode | undefined {
    const node = this.memory.get(spanId);
    return node !== undefined && node.traceId === traceId ? node : undefined;
  }

  /** Oldest first: a Map iterates in insertion order. */
  private evict(): void {
    if (this.memory.size <= this.maxSpans) return;
    for (const [key, node] of this.memory) {
      if (this.memory.size <= this.maxSpans) break;
      if (node.parentSpanId === null) this.placeholders--;
      this.memory.delete(key);
    }
  }
}

/**
 * The batch's spans and calls by span id (the last of an id wins), built on first use: only a walk
 * up from a span with a parent needs them, and chat traffic (root calls) never walks.
 */
class BatchIndex {
  private spansById: Map<string, DecodedSpan> | undefined;
  private callsById: Map<string, number> | undefined;

  constructor(
    private readonly spans: readonly DecodedSpan[],
    private readonly calls: readonly CallRecord[],
  ) {}

  span(id: string): DecodedSpan | undefined {
    if (this.spansById === undefined) {
      this.spansById = new Map();
      for (const span of this.spans) this.spansById.set(span.spanId, span);
    }
    return this.spansById.get(id);
  }

  /** The index in `calls` of the call with this span id. */
  call(id: string): number | undefined {
    if (this.callsById === undefined) {
      this.callsById = new Map();
      for (let i = 0; i < this.calls.length; i++) this.callsById.set(this.calls[i]!.spanId, i);
    }
    return this.callsById.get(id);
  }
}

interface NestNode {
  traceId: string;
  /** null for a placeholder: a span a billed child named as parent, not seen itself yet. */
  parentSpanId: string | null;
  /** Billed as a model call. */
  billed: boolean;
  /** A billed model call lies somewhere below. */
  billedBelow: boolean;
}

/** Guards the parent walks against malformed (cyclic) parent links. */
const MAX_DEPTH = 64;
