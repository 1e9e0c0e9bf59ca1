import type { TokentallyConfig } from '../config/schema.js';
import { serverDuckdbThreads } from '../exporters/duckdb/threads.js';
import { mallocAdvice, runningGlibcVersion } from './malloc-advice.js';

export interface ListeningPorts {
  otlpGrpc?: string;
  otlpHttp?: string;
  api: string;
}

/** The start-up summary: where to send spans, where to ask, which file, which auth mode. */
export function startupBanner(config: TokentallyConfig, ports: ListeningPorts, authOpen: boolean, source: string): string {
  const pipeline = config.service.pipelines.traces;
  const malloc = mallocAdvice(process.env.GLIBC_TUNABLES, runningGlibcVersion());
  const lines = [
    'tokentally is running',
    `  config        ${source}`,
    `  OTLP/gRPC     ${ports.otlpGrpc ? ports.otlpGrpc : 'disabled'}`,
    `  OTLP/HTTP     ${ports.otlpHttp ? `http://${ports.otlpHttp}/v1/traces` : 'disabled'}`,
    `  API           http://${ports.api}/v1  (dashboard http://${ports.api}/, metrics http://${ports.api}/metrics)`,
    `  database      ${config.exporters.duckdb.path} (DuckDB memory_limit ${config.exporters.duckdb.memory_limit}, ${serverDuckdbThreads(config.exporters.duckdb.threads)} thread(s); its statements awaited on ${process.env.UV_THREADPOOL_SIZE ?? 4} libuv pool thread(s))`,
    `  auth          ${authOpen ? 'open: no API keys configured, so every endpoint is bound to loopback only' : `${config.auth.api_keys.length} API key(s); bearer token required`}`,
    `  pipeline      traces: ${pipeline.receivers.join(', ')} -> ${pipeline.processors.join(' -> ')} -> ${pipeline.exporters.join(', ')}${pipeline.processing_thread ? ' (decoding and processors on a thread of their own)' : ' (all on the main thread)'}`,
    `  memory        ${config.service.memory.soft_limit_mib === 0 ? 'no soft limit' : `soft limit ${config.service.memory.soft_limit_mib} MiB RSS (the JS heap is collected more eagerly near it)`}; write queue ${config.exporters.duckdb.queue_max_spans} spans`,
    ...(malloc === null ? [] : [`  malloc        ${malloc}`]),
    `  budgets       ${config.budgets.length} configured; price overrides: ${config.pricing.overrides.length}`,
  ];
  return lines.join('\n');
}
