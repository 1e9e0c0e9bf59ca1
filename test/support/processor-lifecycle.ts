import { expect, it } from 'vitest';
import type { TraceBatch, TracesConsumer } from '../../src/pipeline/batch.js';
import type { Component } from '../../src/pipeline/component.js';
import { batchOf, collectingSink } from './spans.js';

/**
 * The lifecycle tests every processor passes; call inside its `describe`. `create` builds the
 * processor in front of `next`; `batch` makes a batch it forwards (default: an empty one).
 */
export function processorLifecycleTests(create: (next: TracesConsumer) => Component & TracesConsumer, batch: () => TraceBatch = () => batchOf([])): void {
  it('shuts down without having started, more than once', async () => {
    const processor = create(collectingSink());
    await processor.shutdown();
    await processor.shutdown();
  });

  it('starts, hands each batch to the next consumer, and shuts down', async () => {
    const sink = collectingSink();
    const processor = create(sink);
    await processor.start();
    const sent = batch();
    await processor.consume(sent);
    await processor.shutdown();
    expect(sink.batches).toEqual([sent]);
  });

  it('passes a downstream failure back to the caller', async () => {
    const failing = { consume: async () => Promise.reject(new Error('disk full')) };
    await expect(create(failing).consume(batch())).rejects.toThrow('disk full');
  });
}
