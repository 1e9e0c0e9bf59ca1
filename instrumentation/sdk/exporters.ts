import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { warnOnce } from '../warn-once.js';
import { CircuitBreakerExporter } from './circuit-breaker-exporter.js';

/** The local tokentally, where spans go unless OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT says otherwise. */
const LOCAL_ENDPOINTS = {
  grpc: 'http://127.0.0.1:4317',
  http: 'http://127.0.0.1:4318/v1/traces',
};

// The OTel default is 10 s, retries included; the local collector answers in milliseconds, and a
// shorter deadline bounds how long a down collector can hold the process open.
const LOCAL_TIMEOUT_MS = 2_000;

/**
 * The span exporters that OTEL_TRACES_EXPORTER names (otlp, console, none; default otlp). The OTLP
 * exporter follows the standard OTEL_EXPORTER_OTLP_* variables (protocol grpc, http/protobuf or
 * http/json; endpoint; headers; compression; timeout) and only changes their defaults: the local
 * tokentally, and a 2 s timeout.
 */
export async function createSpanExporters(env: NodeJS.ProcessEnv = process.env): Promise<SpanExporter[]> {
  const names = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((name) => name.trim()).filter(Boolean);
  if (names.includes('none')) return [];
  const exporters: SpanExporter[] = [];
  for (const name of new Set(names)) {
    if (name === 'otlp') exporters.push(new CircuitBreakerExporter(await createOtlpExporter(env)));
    else if (name === 'console') exporters.push(new ConsoleSpanExporter());
    else warnOnce(`TOKENTALLY_EXPORTER_${name}`, `tokentally: OTEL_TRACES_EXPORTER=${name} is not supported (otlp, console, none)`);
  }
  return exporters;
}

async function createOtlpExporter(env: NodeJS.ProcessEnv): Promise<SpanExporter> {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
  const endpointSet = Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const timeoutSet = Boolean(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT || env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const timeout = timeoutSet ? {} : { timeoutMillis: LOCAL_TIMEOUT_MS };
  // Exporters are imported on demand: the gRPC one alone costs noticeable start-up time.
  switch (protocol) {
    case 'grpc': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
      return new OTLPTraceExporter({ ...timeout, ...(endpointSet ? {} : { url: LOCAL_ENDPOINTS.grpc }) });
    }
    case 'http/json': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      return new OTLPTraceExporter({ ...timeout, ...(endpointSet ? {} : { url: LOCAL_ENDPOINTS.http }) });
    }
    default: {
      if (protocol !== 'http/protobuf') {
        warnOnce('TOKENTALLY_OTLP_PROTOCOL', `tokentally: OTLP protocol ${protocol} is not supported; using http/protobuf`);
      }
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter({ ...timeout, ...(endpointSet ? {} : { url: LOCAL_ENDPOINTS.http }) });
    }
  }
}
