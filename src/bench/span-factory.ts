import { randomBytes } from 'node:crypto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { context, trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import { timeExtentUs, withFreshIds } from './fresh-ids.js';
import type { Bodies } from './load-generator.js';

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
const TOOLS = ['web_search', 'read_file', 'run_code'];

/** Model calls and tool calls per agent trace (plus its invoke_agent root): 10 spans a trace. */
export const AGENT_TRACE_SHAPE = { calls: 6, tools: 3 } as const;

/**
 * Spans made by the real OpenTelemetry SDK, collected as they end (the order a BatchSpanProcessor
 * exports them in) and serialized by the real OTLP protobuf serializer in batches of `batchSize`.
 */
class SpanBatcher {
  readonly tracer: Tracer;
  // Ended spans are collected synchronously. (SimpleSpanProcessor + InMemorySpanExporter left a
  // 0 ms timer per span: 300k timers that fired during the first load and took a third of the
  // load generator's CPU.)
  private finished: ReadableSpan[] = [];
  readonly bodies: Uint8Array[] = [];

  constructor(private readonly batchSize: number) {
    const collect: SpanProcessor = {
      onStart: () => {},
      onEnd: (span) => void this.finished.push(span),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'bench-agents', 'service.version': '1.4.2', 'deployment.environment.name': 'bench' }),
      spanProcessors: [collect],
    });
    this.tracer = provider.getTracer('tokentally-bench');
  }

  span(name: string, startMs: number, endMs: number, attributes: Attributes, parent: Context = context.active()): void {
    this.tracer.startSpan(name, { startTime: startMs, attributes }, parent).end(endMs);
  }

  /** Serializes full batches of what has ended so far; the rest waits for more spans. */
  flush(): void {
    while (this.finished.length >= this.batchSize) this.bodies.push(ProtobufTraceSerializer.serializeRequest(this.finished.splice(0, this.batchSize))!);
  }
}

/** A realistic chat call: what OpenTelemetry's GenAI instrumentations record. */
function chatAttributes(i: number, [provider, model]: [string, string]): Attributes {
  return {
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
    'tokentally.task_type': TASKS[i % TASKS.length]!,
    'server.address': 'api.example.com',
    'server.port': 443,
  };
}

const hourAgo = () => Date.now() - 3_600_000;

/**
 * `batches` requests of chat spans for a long load, made as they are sent: the first `templates`
 * by the SDK (makeSpanBatches), each later one a copy of one of them with fresh ids (withFreshIds),
 * so every span is new to the server but only the templates are held in memory.
 */
export function sustainedSpanBatches(batches: number, batchSize: number, templates = 1_000): Bodies {
  return repeatedWithFreshIds(makeSpanBatches(Math.min(batches, templates), batchSize), batches);
}

/**
 * `count` requests made of `templates` in turn: the first pass as they are, each later pass with
 * fresh ids (the pass number's) and times after the pass before it, so that every span is new to
 * the server and arrives in time order, as new traffic does.
 */
export function repeatedWithFreshIds(templates: readonly Uint8Array[], count: number): Bodies {
  const extent = timeExtentUs(templates);
  const periodUs = extent.endUs - extent.startUs + 1_000;
  return {
    length: count,
    at: (index) => {
      if (index < 0 || index >= count) return undefined;
      const template = templates[index % templates.length]!;
      return index < templates.length ? template : withFreshIds(template, Math.floor(index / templates.length), periodUs);
    },
  };
}

/** Batches of independent chat spans, one run a batch: what an instrumented agent fleet sends. */
export function makeSpanBatches(batches: number, batchSize: number): Uint8Array[] {
  const out = new SpanBatcher(batchSize);
  const start = hourAgo();
  for (let b = 0; b < batches; b++) {
    const runId = `run-${randomBytes(6).toString('hex')}`;
    for (let i = 0; i < batchSize; i++) {
      const t = start + b * 50 + i;
      const model = MODELS[(b + i) % MODELS.length]!;
      const attributes = { ...chatAttributes(i, model), 'gen_ai.agent.name': AGENTS[i % AGENTS.length]!, 'tokentally.run_id': runId };
      out.span(`chat ${model[1]}`, t, t + 400 + (i % 50) * 10, attributes);
    }
    out.flush();
  }
  return out.bodies;
}

/**
 * Batches of agent traces: an invoke_agent span with AGENT_TRACE_SHAPE.calls chat calls and
 * AGENT_TRACE_SHAPE.tools tool calls below it. Only the root names the agent and the run; the
 * children inherit them (the runs processor's attribution). Exported as spans end, children
 * before their root, so traces straddle batches as they do with a BatchSpanProcessor.
 */
export function makeAgentTraceBatches(batches: number, batchSize: number): Uint8Array[] {
  const out = new SpanBatcher(batchSize);
  const start = hourAgo();
  for (let n = 0; out.bodies.length < batches; n++) {
    const t = start + n * 20;
    const agent = AGENTS[n % AGENTS.length]!;
    const runId = `run-${randomBytes(6).toString('hex')}`;
    const root = out.tracer.startSpan(`invoke_agent ${agent}`, { startTime: t, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent, 'tokentally.run_id': runId } });
    const parent = trace.setSpan(context.active(), root);
    for (let i = 0; i < AGENT_TRACE_SHAPE.calls; i++) {
      const model = MODELS[(n + i) % MODELS.length]!;
      out.span(`chat ${model[1]}`, t + i * 2, t + i * 2 + 1, chatAttributes(n + i, model), parent);
    }
    for (let i = 0; i < AGENT_TRACE_SHAPE.tools; i++) {
      const tool = TOOLS[(n + i) % TOOLS.length]!;
      out.span(`execute_tool ${tool}`, t + 12 + i, t + 13 + i, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool, 'gen_ai.tool.call.id': `call_${randomBytes(6).toString('hex')}` }, parent);
    }
    root.end(t + 19);
    out.flush();
  }
  return out.bodies.slice(0, batches);
}
