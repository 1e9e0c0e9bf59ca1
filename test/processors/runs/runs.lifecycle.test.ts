import { describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../../../src/processors/runs/config.js';
import { createRunsProcessor } from '../../../src/processors/runs/factory.js';
import { batchOf, collectingSink } from '../../support/spans.js';

describe('runs processor lifecycle', () => {
  it('has the defaults of processors.runs', () => {
    expect(createDefaultConfig()).toEqual({ trace_memory_minutes: 60 });
  });

  it('shuts down without having started, more than once', async () => {
    const processor = createRunsProcessor(createDefaultConfig(), collectingSink());
    await processor.shutdown();
    await processor.shutdown();
  });

  it('starts, hands each batch to the next consumer, and shuts down', async () => {
    const sink = collectingSink();
    const processor = createRunsProcessor(createDefaultConfig(), sink);
    await processor.start();
    const batch = batchOf([]);
    await processor.consume(batch);
    await processor.shutdown();
    expect(sink.batches).toEqual([batch]);
  });

  it('passes a downstream failure back to the caller', async () => {
    const failing = { consume: async () => Promise.reject(new Error('disk full')) };
    await expect(createRunsProcessor(createDefaultConfig(), failing).consume(batchOf([]))).rejects.toThrow('disk full');
  });
});
