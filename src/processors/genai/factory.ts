import type { TraceBatch, TracesConsumer } from '../../pipeline/batch.js';
import type { Component } from '../../pipeline/component.js';
import { DEFAULT_NESTING_MEMORY_SPANS, type GenaiProcessorConfig, type GenaiProcessorOptions } from './config.js';
import { GenaiSpanProcessor } from './processor.js';

export type GenaiProcessor = Component & TracesConsumer;

/**
 * The genai processor: picks the gen_ai spans of each batch and turns them into call and
 * activity records with normalised attributes, then hands the batch to `next`.
 */
export function createGenaiProcessor(
  config: GenaiProcessorConfig,
  next: TracesConsumer,
  options: GenaiProcessorOptions = {},
): GenaiProcessor {
  const processor = new GenaiSpanProcessor(config, options.nestingMemorySpans ?? DEFAULT_NESTING_MEMORY_SPANS);
  return {
    async start(): Promise<void> {},
    async shutdown(): Promise<void> {
      processor.clear();
    },
    async consume(batch: TraceBatch): Promise<void> {
      processor.process(batch);
      await next.consume(batch);
    },
  };
}
