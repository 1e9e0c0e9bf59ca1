import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

// Long enough that an agent does not pay a connection attempt (and the OTLP exporter's retries,
// whose timers hold the process open) for every batch while the collector is down.
const COOLDOWN_MS = 5_000;

/**
 * Stops exporting for a while after the collector could not be reached: the batches of that
 * period are dropped at once instead of waiting through retries, so a down collector neither
 * delays the agent's exit nor grows its memory. A rejected batch (an HTTP 4xx) does not open it.
 */
export class CircuitBreakerExporter implements SpanExporter {
  private openUntil = 0;

  constructor(
    private readonly inner: SpanExporter,
    private readonly now: () => number = Date.now,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.now() < this.openUntil) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: new Error(`tokentally: collector unreachable, dropped ${spans.length} spans`),
      });
      return;
    }
    this.inner.export(spans, (result) => {
      const unreachable = result.code !== ExportResultCode.SUCCESS && !isRejection(result.error);
      this.openUntil = unreachable ? this.now() + COOLDOWN_MS : 0;
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** The collector answered and refused the batch (OTLPExporterError carries the HTTP status). */
function isRejection(error: Error | undefined): boolean {
  const status = error && 'code' in error ? error.code : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}
