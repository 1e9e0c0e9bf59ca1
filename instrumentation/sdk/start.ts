import type { Instrumentation } from '@opentelemetry/instrumentation';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AttributionSpanProcessor } from '../attribution/span-processor.js';
import { onBudgetAlert, type BudgetAlertHandler } from '../budget/alerts.js';
import { BudgetGuard } from '../budget/guard.js';
import { createModelInstrumentations } from '../model-calls/instrumentations.js';
import { SemconvAliasSpanProcessor } from '../model-calls/semconv-aliases.js';
import { warnOnce } from '../warn-once.js';
import { readConfig } from './config.js';
import { flushOnExit } from './exit-flush.js';
import { createSpanExporters } from './exporters.js';
import { registerEsmLoaderHook } from './loader-hook.js';

export interface TokentallyOptions {
  /** Called for soft budget warnings; the same as calling onBudgetAlert(handler). */
  onBudgetAlert?: BudgetAlertHandler;
  /** More instrumentations to run in the same SDK (HTTP, undici, an agent framework…). */
  instrumentations?: Instrumentation[];
}

export interface TokentallyHandle {
  /** Exports what is queued and stops tracing. */
  shutdown(): Promise<void>;
}

let started: TokentallyHandle | undefined;

/**
 * Starts OpenTelemetry for an agent process: the OTLP exporter (to the local tokentally unless
 * the OTEL_EXPORTER_OTLP_* variables say otherwise), the openai and @anthropic-ai/sdk
 * instrumentations with the budget guard, attribution stamping, and the flush on exit. Must run
 * before the agent imports the model SDKs, which `node --import tokentally/register` ensures.
 * Starting twice returns the first handle.
 */
export async function startTokentally(options: TokentallyOptions = {}): Promise<TokentallyHandle> {
  if (started) return started;
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    started = { shutdown: () => Promise.resolve() };
    return started;
  }
  const config = readConfig();
  const loaderReady = registerLoaderOrWarn();
  const guard = config.budget.enabled
    ? new BudgetGuard({
        endpoint: { baseUrl: config.url, apiKey: config.apiKey, timeoutMs: config.budget.timeoutMs },
        failMode: config.budget.failMode,
        cacheMs: config.budget.cacheMs,
        defaultAgent: config.serviceName,
      })
    : undefined;
  if (options.onBudgetAlert) onBudgetAlert(options.onBudgetAlert);
  const exporters = await createSpanExporters();
  const sdk = new NodeSDK({
    instrumentations: [...createModelInstrumentations({ guard }), ...(options.instrumentations ?? [])],
    spanProcessors: [
      new AttributionSpanProcessor(),
      new SemconvAliasSpanProcessor(),
      ...exporters.map((exporter) => new BatchSpanProcessor(exporter)),
    ],
    // tokentally ingests traces only: metrics and logs are exported only when asked for.
    ...(process.env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(process.env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  await loaderReady();
  const handle: TokentallyHandle = { shutdown: () => sdk.shutdown() };
  flushOnExit(handle.shutdown, config.flushTimeoutMs);
  started = handle;
  return handle;
}

/** Without the loader only require()d SDKs are instrumented: worth a warning, not a failure. */
function registerLoaderOrWarn(): () => Promise<void> {
  try {
    return registerEsmLoaderHook();
  } catch (error) {
    warnOnce(
      'TOKENTALLY_ESM_LOADER',
      `tokentally: ESM loader hook not registered (${error instanceof Error ? error.message : String(error)}); only require()d SDKs are instrumented`,
    );
    return () => Promise.resolve();
  }
}
