import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../../../src/processors/cost/config.js';
import { createCostProcessor } from '../../../src/processors/cost/factory.js';
import type { PricingService } from '../../../src/pricing/service.js';
import { pricingService } from '../../pricing/helpers/usage.js';
import { processorLifecycleTests } from '../../support/processor-lifecycle.js';

describe('cost processor lifecycle', () => {
  let pricing: PricingService;
  beforeAll(async () => {
    pricing = await pricingService();
  });

  it('has the defaults of processors.cost (none: prices live in the pricing section)', () => {
    expect(createDefaultConfig()).toEqual({});
  });

  processorLifecycleTests((next) => createCostProcessor(createDefaultConfig(), next, pricing));
});
