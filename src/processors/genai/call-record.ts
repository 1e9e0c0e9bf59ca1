import type { CallRecord, TokenUsage } from '../../pipeline/records.js';
import type { DecodedSpan } from '../../pipeline/span.js';
import { F } from './attribute-keys.js';
import { categoryOf } from './operations.js';
import { providerFromHost, providerFromName } from './provider.js';
import { attemptOf, errorTypeOf, serviceNameOf, spanOriginOf, statusOf } from './span-facts.js';
import type { SpanReader } from './span-reader.js';

/**
 * The llm_calls row of a model-call span, before pricing: the cost processor fills
 * `pricedModel`, `priceSource` and `cost`; the runs processor completes `agent`, `runId`,
 * `sessionId` and the retry flags from the span's ancestors and the run's history.
 */
export function buildCallRecord(
  span: DecodedSpan,
  reader: SpanReader,
  operation: string,
  usage: TokenUsage,
  explicitCostNanos: number | null,
  tenant: string,
): CallRecord {
  const attempt = attemptOf(reader);
  // Field by field, not a spread: a record built by spreading another object gets a slow
  // dictionary-mode layout in V8, and every later stage reading it slowed ~3x (measured).
  const o = spanOriginOf(span, reader, tenant);
  return {
    traceId: o.traceId,
    spanId: o.spanId,
    parentSpanId: o.parentSpanId,
    startUs: o.startUs,
    endUs: o.endUs,
    tenant: o.tenant,
    runId: o.runId,
    agent: o.agent,
    sessionId: o.sessionId,
    taskType: o.taskType,
    serviceName: serviceNameOf(span.resource),
    provider: providerOf(reader),
    requestModel: reader.string(F.requestModel) ?? '',
    responseModel: reader.string(F.responseModel) ?? '',
    operation,
    category: categoryOf(reader.string(F.category), operation, reader.string(F.outputType)),
    status: statusOf(span),
    errorType: errorTypeOf(span, reader),
    attempt,
    isRetry: attempt > 1,
    explicitCostNanos,
    reservationId: reader.string(F.reservationId) ?? null,
    requestHash: reader.string(F.requestHash) ?? null,
    serviceTier: reader.string(F.serviceTier) ?? null,
    pricedModel: null,
    priceSource: 'unpriced',
    cost: null,
    responseId: reader.string(F.responseId) ?? null,
    attributesJson: reader.callAttributesJson(),
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadTokens: usage.cacheReadTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
    cacheWrite1hTokens: usage.cacheWrite1hTokens,
    reasoningTokens: usage.reasoningTokens,
    inputAudioTokens: usage.inputAudioTokens,
    outputAudioTokens: usage.outputAudioTokens,
    inputImageTokens: usage.inputImageTokens,
    outputImageTokens: usage.outputImageTokens,
  };
}

/** The provider the span names (current name, then deprecated ones), else its server's. */
function providerOf(reader: SpanReader): string {
  const name = reader.string(F.provider);
  if (name !== undefined) return providerFromName(name);
  const address = reader.string(F.serverAddress);
  return address === undefined ? '' : providerFromHost(address);
}
