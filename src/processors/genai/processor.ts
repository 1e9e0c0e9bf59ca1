import type { TraceBatch } from '../../pipeline/batch.js';
import type { CallRecord } from '../../pipeline/records.js';
import type { DecodedSpan } from '../../pipeline/span.js';
import { buildActivityRecord } from './activity-record.js';
import { F } from './attribute-keys.js';
import { buildCallRecord } from './call-record.js';
import type { GenaiProcessorConfig } from './config.js';
import { readExplicitCost } from './explicit-cost.js';
import { NestedCallFilter } from './nested-calls.js';
import { normaliseOperation, roleOf } from './operations.js';
import { ownAgentOf, serviceNameOf } from './span-facts.js';
import { SpanReader } from './span-reader.js';
import { hasUsage, readUsage } from './tokens.js';

/**
 * Turns the spans of a batch into call and activity records (see operations.ts for what each
 * span becomes), rejects spans whose counts or costs are invalid, records every span's lineage
 * for the runs processor, and leaves in `batch.spans` only the spans it forwards.
 */
export class GenaiSpanProcessor {
  private readonly reader = new SpanReader();
  private readonly nesting: NestedCallFilter;

  constructor(private readonly config: GenaiProcessorConfig, nestingMemorySpans: number) {
    this.nesting = new NestedCallFilter(nestingMemorySpans);
  }

  process(batch: TraceBatch): void {
    const spans = batch.spans;
    const calls: CallRecord[] = [];
    const forwarded: DecodedSpan[] = [];
    for (const span of spans) {
      this.reader.read(span.attributes);
      batch.lineage.push({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId,
        agent: ownAgentOf(this.reader),
        runId: this.reader.string(F.runId) ?? '',
        sessionId: this.reader.string(F.sessionId) ?? '',
        serviceName: serviceNameOf(span.resource),
      });
      if (this.take(span, batch, calls)) continue;
      if (this.config.forward_non_genai) forwarded.push(span);
      else batch.droppedNonGenAi++;
    }
    for (const call of this.nesting.billable(spans, calls)) batch.calls.push(call);
    batch.spans = forwarded;
  }

  clear(): void {
    this.nesting.clear();
  }

  /**
   * Adds the record of the span just read (calls to `calls`, pending the nesting check), or its
   * rejection. False when the span is none of ours.
   */
  private take(span: DecodedSpan, batch: TraceBatch, calls: CallRecord[]): boolean {
    const reader = this.reader;
    const tenant = batch.context.tenant;
    const operation = normaliseOperation(reader.string(F.operation));
    const role = roleOf({
      operation,
      hasModel: reader.has(F.responseModel) || reader.has(F.requestModel),
      hasUsage: hasUsage(reader),
      hasCost: reader.has(F.costUsd),
    });
    if (role === 'none') return false;
    if (role === 'agent') {
      batch.activities.push(buildActivityRecord(span, reader, role, null, tenant));
      return true;
    }
    const cost = readExplicitCost(reader);
    if (!cost.ok) {
      batch.rejections.push({ spanId: span.spanId, reason: cost.reason });
      return true;
    }
    if (role !== 'call') {
      batch.activities.push(buildActivityRecord(span, reader, role, cost.nanos, tenant));
      return true;
    }
    const usage = readUsage(reader, this.config.max_tokens_per_call);
    if (usage.ok) calls.push(buildCallRecord(span, reader, operation, usage.usage, cost.nanos, tenant));
    else batch.rejections.push({ spanId: span.spanId, reason: usage.reason });
    return true;
  }
}
