import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { CircuitBreakerExporter } from '../../instrumentation/sdk/circuit-breaker-exporter.js';

class ScriptedExporter implements SpanExporter {
  calls = 0;
  constructor(private readonly results: ExportResult[]) {}
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    done(this.results[Math.min(this.calls++, this.results.length - 1)]!);
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function exportOnce(exporter: SpanExporter): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export([], resolve));
}

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const badRequest = Object.assign(new Error('Bad Request'), { code: 400 });

describe('CircuitBreakerExporter', () => {
  it('drops batches at once for a while after the collector could not be reached', async () => {
    let now = 0;
    const inner = new ScriptedExporter([{ code: ExportResultCode.FAILED, error: refused }, { code: ExportResultCode.SUCCESS }]);
    const exporter = new CircuitBreakerExporter(inner, () => now);
    expect((await exportOnce(exporter)).code).toBe(ExportResultCode.FAILED);
    expect((await exportOnce(exporter)).code).toBe(ExportResultCode.FAILED);
    expect(inner.calls).toBe(1);
    now += 5_000;
    expect((await exportOnce(exporter)).code).toBe(ExportResultCode.SUCCESS);
    expect(inner.calls).toBe(2);
  });

  it('keeps exporting after a batch the collector refused as bad', async () => {
    const inner = new ScriptedExporter([{ code: ExportResultCode.FAILED, error: badRequest }, { code: ExportResultCode.SUCCESS }]);
    const exporter = new CircuitBreakerExporter(inner);
    await exportOnce(exporter);
    expect((await exportOnce(exporter)).code).toBe(ExportResultCode.SUCCESS);
    expect(inner.calls).toBe(2);
  });
});
