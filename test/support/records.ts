import { randomBytes } from 'node:crypto';
import type { ActivityRecord, CallRecord } from '../../src/pipeline/records.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A complete, priced CallRecord with realistic values; override what a test is about. */
export function makeCall(overrides: Partial<CallRecord> = {}): CallRecord {
  const startUs = overrides.startUs ?? Date.parse('2026-11-20T10:00:00Z') * 1000;
  return {
    traceId: randomHex(16),
    spanId: randomHex(8),
    parentSpanId: '',
    startUs,
    endUs: startUs + 1_500_000,
    tenant: 'default',
    runId: 'run-1',
    agent: 'researcher',
    sessionId: null,
    taskType: 'research',
    serviceName: 'agent-svc',
    provider: 'openai',
    requestModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    operation: 'chat',
    category: 'llm',
    status: 'ok',
    errorType: null,
    attempt: 1,
    isRetry: false,
    explicitCostNanos: null,
    reservationId: null,
    requestHash: null,
    serviceTier: null,
    ...tokenUsage({ inputTokens: 1000, outputTokens: 200, cacheReadTokens: 100 }),
    pricedModel: 'gpt-4o-2024-08-06',
    priceSource: 'catalog',
    cost: { inputCost: 2_250_000, outputCost: 2_000_000, cacheReadCost: 125_000, cacheWriteCost: 0, reasoningCost: 0, otherCost: 0, totalCost: 4_375_000 },
    responseId: null,
    attributesJson: '',
    ...overrides,
  };
}

export function makeActivity(overrides: Partial<ActivityRecord> = {}): ActivityRecord {
  const startUs = overrides.startUs ?? Date.parse('2026-11-20T10:00:00Z') * 1000;
  return {
    traceId: randomHex(16),
    spanId: randomHex(8),
    parentSpanId: '',
    startUs,
    endUs: startUs + 250_000,
    tenant: 'default',
    runId: 'run-1',
    agent: 'researcher',
    sessionId: null,
    taskType: null,
    eventType: 'tool_call',
    name: 'web_search',
    status: 'ok',
    errorType: null,
    costNanos: null,
    attributesJson: '',
    ...overrides,
    // As the genai processor sets it: a cost given with the record is an explicit one.
    priceSource: overrides.priceSource ?? ((overrides.costNanos ?? null) === null ? 'unpriced' : 'explicit'),
  };
}

const CALL_FIELDS = Object.keys(makeCall()) as Array<keyof CallRecord>;

/**
 * A call as a plain object of its fields, for comparing with toEqual: the main thread reads the
 * calls a processing thread made in place (EncodedCall), through getters toEqual does not see.
 */
export function plainCall(call: CallRecord): CallRecord {
  const plain = Object.fromEntries(CALL_FIELDS.map((field) => [field, call[field]])) as unknown as CallRecord;
  const cost = call.cost;
  plain.cost = cost === null ? null : { inputCost: cost.inputCost, outputCost: cost.outputCost, cacheReadCost: cost.cacheReadCost, cacheWriteCost: cost.cacheWriteCost, reasoningCost: cost.reasoningCost, otherCost: cost.otherCost, totalCost: cost.totalCost };
  return plain;
}
