import { randomBytes } from 'node:crypto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { context } from '@opentelemetry/api';

const MODELS: Array<[provider: string, model: string]> = [
  ['openai', 'gpt-4o-2024-08-06'],
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-sonnet-4-5-20250929'],
  ['anthropic', 'claude-haiku-4-5'],
  ['gcp.gemini', 'gemini-2.5-flash'],
  ['openai', 'o3-mini'],
];
const AGENTS = ['planner', 'researcher', 'writer', 'critic'];
const TASKS = ['research', 'draft', 'review'];

/**
 * Realistic gen_ai chat spans, made by the real OpenTelemetry SDK and serialized by the real
 * OTLP protobuf serializer, in batches of `batchSize`: what an instrumented agent fleet sends.
 */
export function makeSpanBatches(batches: number, batchSize: number): Uint8Array[] {
  // Ended spans are collected synchronously. (SimpleSpanProcessor + InMemorySpanExporter left a
  // 0 ms timer per span: 300k timers that fired during the first load and took a third of the
  // load generator's CPU.)
  let finished: ReadableSpan[] = [];
  const collect: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => void finished.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agents', 'service.version': '1.4.2', 'deployment.environment.name': 'bench' }),
    spanProcessors: [collect],
  });
  const tracer = provider.getTracer('tokentally-bench');
  const out: Uint8Array[] = [];
  const start = Date.now() - 3_600_000;
  for (let b = 0; b < batches; b++) {
    const runId = `run-${randomBytes(6).toString('hex')}`;
    for (let i = 0; i < batchSize; i++) {
      const [provider, model] = MODELS[(b + i) % MODELS.length]!;
      const t = start + b * 50 + i;
      const span = tracer.startSpan(`chat ${model}`, {
        startTime: t,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': provider,
          'gen_ai.request.model': model,
          'gen_ai.response.model': model,
          'gen_ai.response.id': `resp_${randomBytes(8).toString('hex')}`,
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.request.temperature': 0.2,
          'gen_ai.request.max_tokens': 2048,
          'gen_ai.usage.input_tokens': 800 + ((i * 37) % 4000),
          'gen_ai.usage.output_tokens': 100 + ((i * 13) % 900),
          'gen_ai.usage.cache_read.input_tokens': (i % 3) * 256,
          'gen_ai.agent.name': AGENTS[i % AGENTS.length]!,
          'tokentally.run_id': runId,
          'tokentally.task_type': TASKS[i % TASKS.length]!,
          'server.address': 'api.example.com',
          'server.port': 443,
        },
      }, context.active());
      span.end(t + 400 + (i % 50) * 10);
    }
    out.push(ProtobufTraceSerializer.serializeRequest(finished)!);
    finished = [];
  }
  return out;
}
