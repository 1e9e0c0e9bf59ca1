import { SpanKind } from '@opentelemetry/api';
import { postOtlp, protobufBody, readableSpans, type SpanSpec } from '../../support/otlp.js';

/** One model call of a history, as an instrumented agent reports it. */
export interface CallSpec {
  agent: string;
  provider: string;
  model: string;
  startMs: number;
  durationMs?: number;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  taskType?: string;
  runId?: string;
  /** tokentally.request_hash: the instrumentation's hash of the request (16+ hex digits). */
  requestHash?: string;
  error?: boolean;
  attempt?: number;
  serviceTier?: string;
}

const BATCH = 500;

function attributesOf(c: CallSpec) {
  const attributes: Record<string, string | number> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': c.provider,
    'gen_ai.request.model': c.model,
    'gen_ai.response.model': c.model,
    'gen_ai.usage.input_tokens': c.input,
    'gen_ai.usage.output_tokens': c.output,
    'gen_ai.agent.name': c.agent,
  };
  if (c.cacheRead !== undefined) attributes['gen_ai.usage.cache_read.input_tokens'] = c.cacheRead;
  if (c.cacheWrite !== undefined) attributes['gen_ai.usage.cache_creation.input_tokens'] = c.cacheWrite;
  if (c.taskType !== undefined) attributes['tokentally.task_type'] = c.taskType;
  if (c.runId !== undefined) attributes['tokentally.run_id'] = c.runId;
  if (c.requestHash !== undefined) attributes['tokentally.request_hash'] = c.requestHash;
  if (c.attempt !== undefined) attributes['tokentally.attempt'] = c.attempt;
  if (c.serviceTier !== undefined) attributes['openai.response.service_tier'] = c.serviceTier;
  return attributes;
}

/** A call as the span an agent's SDK makes of it. */
export function callSpan(c: CallSpec): SpanSpec {
  return {
    name: `chat ${c.model}`,
    kind: SpanKind.CLIENT,
    startMs: c.startMs,
    durationMs: c.durationMs ?? 1_000,
    attributes: attributesOf(c),
    ...(c.error ? { error: 'upstream timeout' } : {}),
  };
}

/**
 * Sends calls to the real OTLP/HTTP receiver as an agent's SDK would: spans made by the
 * OpenTelemetry SDK's tracer, serialized by the OTLP protobuf serializer, posted in batches.
 * The receiver answers after the spans are committed, so they are queryable on return.
 */
export async function sendCalls(otlpHttpUrl: string, calls: readonly CallSpec[], apiKey?: string): Promise<void> {
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  for (let i = 0; i < calls.length; i += BATCH) {
    const body = protobufBody(readableSpans(calls.slice(i, i + BATCH).map(callSpan), 'recommendations-test'));
    const res = await postOtlp(otlpHttpUrl, body, headers);
    if (res.status !== 200) throw new Error(`OTLP export failed: HTTP ${res.status}`);
  }
}
