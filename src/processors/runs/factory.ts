import type { TraceBatch, TracesConsumer } from '../../pipeline/batch.js';
import type { Component } from '../../pipeline/component.js';
import { Attribution } from './attribution.js';
import {
  DEFAULT_MAX_FAILURES,
  DEFAULT_MAX_SPANS,
  DEFAULT_MAX_TRACES,
  type RunsProcessorConfig,
  type RunsProcessorOptions,
} from './config.js';
import { RetryDetector } from './retries.js';
import { TraceMemory } from './trace-memory.js';

export type RunsProcessor = Component & TracesConsumer;

/**
 * The runs processor: resolves each record's run, session and agent across the spans of its
 * trace (this batch and earlier ones), emits agent fixups for rows stored before their agent
 * was known, and marks retries. It reads `batch.lineage`, so it runs after the genai processor.
 */
export function createRunsProcessor(
  config: RunsProcessorConfig,
  next: TracesConsumer,
  options: RunsProcessorOptions = {},
): RunsProcessor {
  const ttlMs = config.trace_memory_minutes * 60_000;
  const now = options.now ?? Date.now;
  const memory = new TraceMemory({
    ttlMs,
    maxTraces: options.maxTraces ?? DEFAULT_MAX_TRACES,
    maxSpans: options.maxSpans ?? DEFAULT_MAX_SPANS,
  });
  const attribution = new Attribution(memory);
  const retries = new RetryDetector(ttlMs, options.maxFailures ?? DEFAULT_MAX_FAILURES);
  return {
    async start(): Promise<void> {},
    async shutdown(): Promise<void> {
      memory.clear();
      retries.clear();
    },
    async consume(batch: TraceBatch): Promise<void> {
      const nowMs = now();
      // Expired traces go before attributing (a stale agent must not be inherited), and the
      // size bounds are applied again after this batch's spans were added.
      memory.evict(nowMs);
      attribution.apply(batch, nowMs);
      retries.mark(batch.calls, nowMs);
      memory.evict(nowMs);
      await next.consume(batch);
    },
  };
}
