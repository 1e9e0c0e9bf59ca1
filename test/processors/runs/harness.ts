import type { TraceBatch } from '../../../src/pipeline/batch.js';
import type { DecodedSpan } from '../../../src/pipeline/span.js';
import { createDefaultConfig as genaiDefaults } from '../../../src/processors/genai/config.js';
import { createGenaiProcessor } from '../../../src/processors/genai/factory.js';
import { createDefaultConfig, type RunsProcessorOptions } from '../../../src/processors/runs/config.js';
import { createRunsProcessor } from '../../../src/processors/runs/factory.js';
import { batchOf, collectingSink, type CollectingSink } from '../../support/spans.js';

/**
 * genai -> runs -> sink, as the traces pipeline runs them, with a clock the test moves.
 * `send` delivers one batch (one export request) and returns it as it reached the sink.
 */
export interface RunsHarness {
  sink: CollectingSink;
  send(...spans: DecodedSpan[]): Promise<TraceBatch>;
  sendAs(tenant: string, ...spans: DecodedSpan[]): Promise<TraceBatch>;
  advanceMinutes(minutes: number): void;
}

export function runsHarness(options: Omit<RunsProcessorOptions, 'now'> = {}, traceMemoryMinutes = 60): RunsHarness {
  let nowMs = Date.UTC(2025, 5, 2, 9, 0, 0);
  const sink = collectingSink();
  const runs = createRunsProcessor({ ...createDefaultConfig(), trace_memory_minutes: traceMemoryMinutes }, sink, { ...options, now: () => nowMs });
  const genai = createGenaiProcessor(genaiDefaults(), runs);
  const sendAs = async (tenant: string, ...spans: DecodedSpan[]): Promise<TraceBatch> => {
    const batch = batchOf(spans, tenant);
    await genai.consume(batch);
    return batch;
  };
  return {
    sink,
    sendAs,
    send: (...spans) => sendAs('default', ...spans),
    advanceMinutes(minutes) {
      nowMs += minutes * 60_000;
    },
  };
}
