import { SpanKind, SpanStatusCode, context } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

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

/**
 * Sends calls to the real OTLP/HTTP receiver as an agent's SDK would: spans made by the
 * OpenTelemetry SDK's tracer, serialized by the OTLP protobuf serializer, posted in batches.
 * The receiver answers after the spans are committed, so they are queryable on return.
 */
export async function sendCalls(otlpHttpUrl: string, calls: readonly CallSpec[], apiKey?: string): Promise<void> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'recommendations-test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('tokentally-recommendations-test');
  for (let i = 0; i < calls.length; i += BATCH) {
    for (const c of calls.slice(i, i + BATCH)) {
      const span = tracer.startSpan(`chat ${c.model}`, { kind: SpanKind.CLIENT, startTime: c.startMs, attributes: attributesOf(c) }, context.active());
      if (c.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
      span.end(c.startMs + (c.durationMs ?? 1_000));
    }
    const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans() as ReadableSpan[])!);
    exporter.reset();
    const headers: Record<string, string> = { 'content-type': 'application/x-protobuf' };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const res = await fetch(otlpHttpUrl, { method: 'POST', headers, body });
    if (res.status !== 200) throw new Error(`OTLP export failed: HTTP ${res.status}`);
  }
  await provider.shutdown();
}
