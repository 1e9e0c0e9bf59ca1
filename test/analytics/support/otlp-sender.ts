import { SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ActivityRecord, CallRecord } from '../../../src/pipeline/records.js';

const hr = (us: number): HrTime => [Math.floor(us / 1e6), (us % 1e6) * 1000];

/** Attributes without the absent ones (OTel drops undefined, but say so). */
function defined(attrs: Record<string, string | number | null | undefined>): Attributes {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined)) as Attributes;
}

/**
 * A model call as an instrumented agent reports it: a gen_ai client span with the current
 * semantic-convention attributes, the agent, run, session and task type. A record marked
 * price source 'explicit' carries its cost as tokentally.cost.usd; any other is priced by
 * the server from its catalog.
 */
function callSpan(c: CallRecord) {
  return {
    name: `${c.operation} ${c.requestModel}`,
    startUs: c.startUs,
    endUs: c.endUs,
    error: c.status === 'error',
    attributes: defined({
      'gen_ai.operation.name': c.operation,
      'gen_ai.provider.name': c.provider,
      'gen_ai.request.model': c.requestModel,
      'gen_ai.response.model': c.responseModel,
      'gen_ai.response.id': c.responseId,
      'gen_ai.usage.input_tokens': c.inputTokens,
      'gen_ai.usage.output_tokens': c.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': c.cacheReadTokens || undefined,
      'gen_ai.agent.name': c.agent,
      'tokentally.run_id': c.runId,
      'tokentally.task_type': c.taskType,
      'session.id': c.sessionId,
      'tokentally.attempt': c.attempt,
      'tokentally.cost.usd': c.priceSource === 'explicit' && c.cost ? c.cost.totalCost / 1e9 : undefined,
    }),
  };
}

/** A tool call (execute_tool, with its explicit cost when it has one) or an agent invocation. */
function activitySpan(a: ActivityRecord) {
  const tool = a.eventType !== 'agent_invocation';
  return {
    name: tool ? `execute_tool ${a.name}` : `invoke_agent ${a.name}`,
    startUs: a.startUs,
    endUs: a.endUs,
    error: a.status === 'error',
    attributes: defined({
      'gen_ai.operation.name': tool ? 'execute_tool' : 'invoke_agent',
      'gen_ai.tool.name': tool ? a.name : undefined,
      'gen_ai.agent.name': a.agent,
      'tokentally.run_id': a.runId,
      'session.id': a.sessionId,
      'tokentally.task_type': a.taskType,
      'tokentally.cost.usd': a.costNanos === null ? undefined : a.costNanos / 1e9,
    }),
  };
}

/**
 * Sends calls and activity to an OTLP/HTTP endpoint with the real OpenTelemetry SDK and its
 * protobuf exporter, with the explicit start and end times of the records. Resolves once every
 * export was acknowledged, which the server does only after committing.
 */
export async function sendSpans(url: string, apiKey: string, calls: readonly CallRecord[], activities: readonly ActivityRecord[] = []): Promise<void> {
  const exporter = new OTLPTraceExporter({ url, headers: { authorization: `Bearer ${apiKey}` } });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'analytics-tests' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 512, maxQueueSize: 1_000_000, scheduledDelayMillis: 5 })],
  });
  const tracer = provider.getTracer('tokentally-analytics-tests');
  for (const s of [...calls.map(callSpan), ...activities.map(activitySpan)]) {
    const span = tracer.startSpan(s.name, { kind: SpanKind.CLIENT, startTime: hr(s.startUs), attributes: s.attributes });
    if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    span.end(hr(s.endUs));
  }
  await provider.forceFlush();
  await provider.shutdown();
}
