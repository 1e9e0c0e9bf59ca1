/**
 * Fixtures for tests that feed spans to the pipeline: DecodedSpan objects as the OTLP decoders
 * produce them, with the attribute names real instrumentations send, and a sink that records
 * what reaches the end of a pipeline.
 *
 *   const root = agentSpan('researcher');
 *   const call = chatSpan({ parent: root, model: 'gpt-4o', usage: { input: 1200, output: 80 } });
 *   const sink = collectingSink();
 *   await createGenaiProcessor(createDefaultConfig(), sink).consume(batchOf([call, root]));
 *   sink.calls(); // one CallRecord
 *
 * Spans get unique, deterministic ids and increasing times unless a test sets them. A span made
 * with `parent` joins the parent's trace. `attributes` given to a shape helper are laid over the
 * ones it sets, so a test can add, change or remove (value `undefined`) any of them.
 */
import { newBatch, type TraceBatch, type TracesConsumer } from '../../src/pipeline/batch.js';
import type { ActivityRecord, CallRecord } from '../../src/pipeline/records.js';
import type { AttributeValue, Attributes, DecodedSpan } from '../../src/pipeline/span.js';

export interface SpanInit {
  name?: string;
  traceId?: string;
  spanId?: string;
  /** The parent span: the new span joins its trace. */
  parent?: DecodedSpan;
  /** A parent known only by id (in `traceId`, or a new trace). Ignored when `parent` is set. */
  parentSpanId?: string;
  startUs?: number;
  endUs?: number;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind?: number;
  attributes?: Record<string, AttributeValue | undefined>;
  /** `service.name` of the span's resource. */
  service?: string;
  /** The whole resource; wins over `service`. */
  resource?: Attributes;
  status?: 'unset' | 'ok' | 'error';
  statusMessage?: string;
}

/** Token counts under the current semantic-convention names. */
export interface Usage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export interface CallInit extends SpanInit {
  /** `gen_ai.operation.name`; default chat. */
  operation?: string;
  /** `gen_ai.provider.name`; default openai. */
  provider?: string;
  /** Request and response model; default gpt-4o-mini. */
  model?: string;
  /** Default 100 input and 20 output tokens; `{}` for none. */
  usage?: Usage;
}

const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;
const BASE_US = Date.UTC(2025, 5, 2, 9, 0, 0) * 1000;
let sequence = 0;

/** A fresh trace id: 32 lowercase hex characters. */
export function newTraceId(): string {
  sequence++;
  return `7e${sequence.toString(16).padStart(30, '0')}`;
}

/** A fresh span id: 16 lowercase hex characters. */
export function newSpanId(): string {
  sequence++;
  return `5a${sequence.toString(16).padStart(14, '0')}`;
}

/** Any span; every other helper builds on this one. */
export function span(init: SpanInit = {}): DecodedSpan {
  const startUs = init.startUs ?? BASE_US + ++sequence * 1_000;
  return {
    traceId: init.parent?.traceId ?? init.traceId ?? newTraceId(),
    spanId: init.spanId ?? newSpanId(),
    parentSpanId: init.parent?.spanId ?? init.parentSpanId ?? '',
    name: init.name ?? 'span',
    kind: init.kind ?? 1,
    startUs,
    endUs: init.endUs ?? startUs + 500_000,
    attributes: definedOnly(init.attributes ?? {}),
    resource: init.resource ?? { 'service.name': init.service ?? 'agent-service' },
    statusCode: STATUS_CODE[init.status ?? 'unset'],
    statusMessage: init.statusMessage ?? '',
  };
}

/** A model call as the current GenAI semantic conventions describe it. */
export function chatSpan(init: CallInit = {}): DecodedSpan {
  const operation = init.operation ?? 'chat';
  const model = init.model ?? 'gpt-4o-mini';
  return span({
    name: `${operation} ${model}`,
    kind: 3,
    ...init,
    attributes: {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': init.provider ?? 'openai',
      'gen_ai.request.model': model,
      'gen_ai.response.model': model,
      ...usageAttributes(init.usage ?? { input: 100, output: 20 }),
      ...init.attributes,
    },
  });
}

export function usageAttributes(usage: Usage): Attributes {
  return definedOnly({
    'gen_ai.usage.input_tokens': usage.input,
    'gen_ai.usage.output_tokens': usage.output,
    'gen_ai.usage.cache_read.input_tokens': usage.cacheRead,
    'gen_ai.usage.cache_creation.input_tokens': usage.cacheWrite,
    'gen_ai.usage.reasoning.output_tokens': usage.reasoning,
  });
}

/** An `invoke_agent` span naming its agent. */
export function agentSpan(agent: string, init: SpanInit = {}): DecodedSpan {
  return span({
    name: `invoke_agent ${agent}`,
    ...init,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent, ...init.attributes },
  });
}

/** An `execute_tool` span. */
export function toolSpan(tool: string, init: SpanInit = {}): DecodedSpan {
  return span({
    name: `execute_tool ${tool}`,
    ...init,
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool, ...init.attributes },
  });
}

/** The span tokentally's `recordCost` emits for a cost that is not a model call. */
export function costSpan(usd: number, label: string, init: SpanInit = {}): DecodedSpan {
  return span({
    name: 'tokentally.cost',
    ...init,
    attributes: { 'tokentally.cost.usd': usd, 'tokentally.cost.name': label, 'tokentally.category': 'tool', ...init.attributes },
  });
}

/** An outgoing HTTP request span, as HTTP client instrumentations emit them. */
export function httpSpan(init: SpanInit = {}): DecodedSpan {
  return span({
    name: 'POST',
    kind: 3,
    ...init,
    attributes: { 'http.request.method': 'POST', 'url.full': 'https://api.example.com/v1', 'http.response.status_code': 200, ...init.attributes },
  });
}

/** A batch as a receiver hands it to the first processor. */
export function batchOf(spans: DecodedSpan[], tenant = 'default'): TraceBatch {
  return newBatch({ protocol: 'http', tenant }, spans);
}

export interface CollectingSink extends TracesConsumer {
  readonly batches: TraceBatch[];
  /** Every call of every batch received, in order. */
  calls(): CallRecord[];
  activities(): ActivityRecord[];
}

/** The end of a test pipeline: a consumer that keeps every batch it receives. */
export function collectingSink(): CollectingSink {
  const batches: TraceBatch[] = [];
  return {
    batches,
    async consume(batch: TraceBatch): Promise<void> {
      batches.push(batch);
    },
    calls: () => batches.flatMap((b) => b.calls),
    activities: () => batches.flatMap((b) => b.activities),
  };
}

function definedOnly(attributes: Record<string, AttributeValue | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
