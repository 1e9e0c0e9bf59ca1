import type { CallRecord } from '../../pipeline/records.js';
import type { DecodedSpan } from '../../pipeline/span.js';
import { KEY_WORDS, writeKey, writeSpanWords } from '../../util/span-key.js';
import { NestMemory } from './nest-memory.js';

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
  private readonly memory: NestMemory;
  /** The key looked up while walking up a call's ancestors (its trace's words stay). */
  private readonly walkKey = new Uint32Array(KEY_WORDS);

  constructor(maxSpans: number) {
    this.memory = new NestMemory(maxSpans);
  }

  /** The calls of the batch to bill, in their original order. `spans` is the whole batch. */
  billable(spans: readonly DecodedSpan[], calls: readonly CallRecord[]): CallRecord[] {
    const batch = new BatchIndex(spans, calls);
    this.passOnMarks(spans, batch);
    if (calls.length === 0) return [];

    const keys = new Uint32Array(calls.length * KEY_WORDS);
    const dropped = this.nestedIn(calls, batch, keys);
    const billed: CallRecord[] = [];
    for (let i = 0; i < calls.length; i++) {
      if (dropped[i] === 1) continue;
      const call = calls[i];
      billed.push(call);
      this.rememberBilled(call, keys, i * KEY_WORDS, batch);
    }
    return billed;
  }

  clear(): void {
    this.memory.clear();
  }

  /** Spans that a billed call below had marked before they arrived pass the mark up to their parents. */
  private passOnMarks(spans: readonly DecodedSpan[], batch: BatchIndex): void {
    const memory = this.memory;
    if (memory.placeholders === 0) return;
    const key = this.walkKey;
    for (const span of spans) {
      writeKey(span.traceId, span.spanId, key, 0);
      const entry = memory.find(key, 0);
      if (entry < 0 || !memory.parentUnknown(entry)) continue;
      memory.setParent(entry, span.parentSpanId);
      if (memory.billedBelow(entry)) this.markAncestors(span.parentSpanId, span.traceId, batch);
    }
  }

  /**
   * 1 for each call that is not billed: an ancestor of another call, or below a billed one.
   * Fills `keys` with each call's key (KEY_WORDS words a call).
   */
  private nestedIn(calls: readonly CallRecord[], batch: BatchIndex, keys: Uint32Array): Uint8Array {
    const memory = this.memory;
    const key = this.walkKey;
    const dropped = new Uint8Array(calls.length);
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i];
      const traceId = call.traceId;
      writeKey(traceId, call.spanId, keys, i * KEY_WORDS);
      const own = memory.find(keys, i * KEY_WORDS);
      const billedBefore = own >= 0 && memory.billed(own);
      if (!billedBefore && own >= 0 && memory.billedBelow(own)) dropped[i] = 1;
      let id = call.parentSpanId;
      // The walk stays in the call's trace: only the span words change.
      for (let w = 0; w < KEY_WORDS; w++) key[w] = keys[i * KEY_WORDS + w]!;
      for (let depth = 0; id !== '' && depth < MAX_DEPTH; depth++) {
        writeSpanWords(id, key, 0);
        const entry = memory.find(key, 0);
        const billed = entry >= 0 && memory.billed(entry);
        const j = batch.call(id);
        if (j !== undefined && j !== i && calls[j].traceId === traceId && !billed) dropped[j] = 1;
        if (billed && !billedBefore) dropped[i] = 1;
        const span = batch.span(id);
        const parent = span !== undefined && span.traceId === traceId ? span.parentSpanId : entry >= 0 ? memory.parentOf(entry) : null;
        if (parent === null) break;
        id = parent;
      }
    }
    return dropped;
  }

  /** `keys[at..]`: the call's key. */
  private rememberBilled(call: CallRecord, keys: Uint32Array, at: number, batch: BatchIndex): void {
    const memory = this.memory;
    let entry = memory.find(keys, at);
    if (entry >= 0) memory.setParent(entry, call.parentSpanId);
    else entry = memory.add(keys, at, call.parentSpanId);
    memory.markBilled(entry);
    this.markAncestors(call.parentSpanId, call.traceId, batch);
  }

  /**
   * Marks `id` and its ancestors as having a billed call below. Stops at the first ancestor
   * already marked (its own ancestors are too) and at the first one not seen yet, which is
   * remembered as a placeholder for passOnMarks.
   */
  private markAncestors(id: string, traceId: string, batch: BatchIndex): void {
    if (id === '') return;
    const memory = this.memory;
    const key = this.walkKey;
    writeKey(traceId, id, key, 0);
    for (let depth = 0; id !== '' && depth < MAX_DEPTH; depth++) {
      if (depth > 0) writeSpanWords(id, key, 0);
      const entry = memory.find(key, 0);
      if (entry >= 0) {
        if (memory.billedBelow(entry)) return;
        memory.markBilledBelow(entry);
        const parent = memory.parentOf(entry);
        if (parent === null) return;
        id = parent;
        continue;
      }
      const span = batch.span(id);
      const known = span !== undefined && span.traceId === traceId;
      memory.markBilledBelow(memory.add(key, 0, known ? span.parentSpanId : null));
      if (!known) return;
      id = span.parentSpanId;
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

/** Guards the parent walks against malformed (cyclic) parent links. */
const MAX_DEPTH = 64;
