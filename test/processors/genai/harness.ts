import type { TraceBatch } from '../../../src/pipeline/batch.js';
import type { DecodedSpan } from '../../../src/pipeline/span.js';
import { createDefaultConfig, type GenaiProcessorConfig, type GenaiProcessorOptions } from '../../../src/processors/genai/config.js';
import { createGenaiProcessor, type GenaiProcessor } from '../../../src/processors/genai/factory.js';
import { batchOf, collectingSink, type CollectingSink } from '../../support/spans.js';

/** A genai processor in front of a collecting sink, fed one batch per `send`. */
export interface GenaiHarness {
  processor: GenaiProcessor;
  sink: CollectingSink;
  send(...spans: DecodedSpan[]): Promise<TraceBatch>;
}

export function genaiHarness(config: Partial<GenaiProcessorConfig> = {}, options: GenaiProcessorOptions = {}): GenaiHarness {
  const sink = collectingSink();
  const processor = createGenaiProcessor({ ...createDefaultConfig(), ...config }, sink, options);
  return {
    processor,
    sink,
    async send(...spans: DecodedSpan[]): Promise<TraceBatch> {
      const batch = batchOf(spans);
      await processor.consume(batch);
      return batch;
    },
  };
}

/** The calls one batch of spans gives, with default config. */
export async function callsFrom(...spans: DecodedSpan[]) {
  return (await genaiHarness().send(...spans)).calls;
}
