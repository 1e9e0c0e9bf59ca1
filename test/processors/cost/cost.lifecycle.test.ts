import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../../../src/processors/cost/config.js';
import { createCostProcessor } from '../../../src/processors/cost/factory.js';
import type { PricingService } from '../../../src/pricing/service.js';
import { pricingService } from '../../pricing/helpers/usage.js';
import { batchOf, collectingSink } from '../../support/spans.js';

describe('cost processor lifecycle', () => {
  let pricing: PricingService;
  beforeAll(async () => {
    pricing = await pricingService();
  });

  it('has the defaults of processors.cost (none: prices live in the pricing section)', () => {
    expect(createDefaultConfig()).toEqual({});
  });

  it('shuts down without having started, more than once', async () => {
    const processor = createCostProcessor(createDefaultConfig(), collectingSink(), pricing);
    await processor.shutdown();
    await processor.shutdown();
  });

  it('starts, hands each batch to the next consumer, and shuts down', async () => {
    const sink = collectingSink();
    const processor = createCostProcessor(createDefaultConfig(), sink, pricing);
    await processor.start();
    const batch = batchOf([]);
    await processor.consume(batch);
    await processor.shutdown();
    expect(sink.batches).toEqual([batch]);
  });

  it('passes a downstream failure back to the caller', async () => {
    const failing = { consume: async () => Promise.reject(new Error('disk full')) };
    await expect(createCostProcessor(createDefaultConfig(), failing, pricing).consume(batchOf([]))).rejects.toThrow('disk full');
  });
});
