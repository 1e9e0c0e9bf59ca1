import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ServiceName } from './fleet.js';
import { SeededIdGenerator } from './ids.js';
import type { PlannedRun } from './plan.js';
import type { SpanSpec } from './span-spec.js';

export interface SendOptions {
  /** OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces. */
  endpoint: string;
  apiKey?: string;
  idSeed: number;
  /** Spans per export request. */
  batchSize?: number;
  onProgress?: (spansSent: number) => void;
}

/** Export requests in flight at once: enough to overlap building spans with the collector's commits. */
const MAX_IN_FLIGHT = 4;

/**
 * Ended spans, kept until the sender exports them. The SDK's BatchSpanProcessor drops spans when
 * its queue is full; the demo must account for every span it sends, so it exports explicitly.
 */
class CollectingProcessor implements SpanProcessor {
  private ended: ReadableSpan[] = [];

  get size(): number {
    return this.ended.length;
  }

  take(): ReadableSpan[] {
    const spans = this.ended;
    this.ended = [];
    return spans;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Sends the planned runs through the real OpenTelemetry SDK (BasicTracerProvider, one per
 * service) and the real OTLP/HTTP protobuf exporter, each span with its planned start and end
 * times. Resolves with the number of spans the collector acknowledged; rejects on the first
 * export the collector refused (after the exporter's own retries).
 */
export async function sendRuns(runs: readonly PlannedRun[], options: SendOptions): Promise<number> {
  const collector = new CollectingProcessor();
  const idGenerator = new SeededIdGenerator(options.idSeed);
  const providers = new Map<ServiceName, BasicTracerProvider>();
  const tracerFor = (service: ServiceName): Tracer => {
    let provider = providers.get(service);
    if (!provider) {
      const resource = resourceFromAttributes({ 'service.name': service, 'service.version': '1.4.0', 'deployment.environment.name': 'demo' });
      provider = new BasicTracerProvider({ resource, idGenerator, sampler: new AlwaysOnSampler(), spanProcessors: [collector] });
      providers.set(service, provider);
    }
    return provider.getTracer('tokentally-demo');
  };
  const exporter = new OTLPTraceExporter({
    url: options.endpoint,
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    timeoutMillis: 30_000,
  });
  const batchSize = options.batchSize ?? 1_000;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let failure: Error | undefined;

  const flush = async (spans: ReadableSpan[]) => {
    const request = exportSpans(exporter, spans, options.endpoint).then(
      () => {
        sent += spans.length;
        options.onProgress?.(sent);
      },
      (error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
      },
    );
    const tracked = request.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
  };

  try {
    for (const run of runs) {
      if (failure) break;
      emit(tracerFor(run.service), run.root, ROOT_CONTEXT);
      if (collector.size >= batchSize) await flush(collector.take());
    }
    if (!failure && collector.size > 0) await flush(collector.take());
    await Promise.all(inFlight);
    if (failure) throw failure;
    return sent;
  } finally {
    await exporter.shutdown();
    await Promise.all([...providers.values()].map((p) => p.shutdown()));
  }
}

/** Creates the span and its children; children end before their parent, as in a real process. */
function emit(tracer: Tracer, spec: SpanSpec, parent: Context): void {
  const kind = spec.role === 'call' ? SpanKind.CLIENT : SpanKind.INTERNAL;
  const span = tracer.startSpan(spec.name, { kind, startTime: spec.startMs, attributes: spec.attributes }, parent);
  const context = trace.setSpan(parent, span);
  for (const child of spec.children) emit(tracer, child, context);
  if (spec.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error });
  span.end(spec.endMs);
}

function exportSpans(exporter: OTLPTraceExporter, spans: ReadableSpan[], endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    exporter.export(spans, (result: ExportResult) => {
      if (result.code === ExportResultCode.SUCCESS) resolve();
      else reject(new Error(describeFailure(result.error, endpoint)));
    });
  });
}

/** The exporter's error in words a newcomer can act on. */
function describeFailure(error: Error | undefined, endpoint: string): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = error?.message ?? 'unknown error';
  if (code === 401 || code === 403) {
    return `the collector at ${endpoint} refused the spans (HTTP ${code}): set TOKENTALLY_API_KEY to a key with the ingest scope`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(text) || code === 'ECONNREFUSED') {
    return `nothing answers at ${endpoint}: start the collector with \`tokentally serve\`, or pass --endpoint`;
  }
  return `exporting to ${endpoint} failed: ${text}${typeof code === 'number' ? ` (HTTP ${code})` : ''}`;
}
