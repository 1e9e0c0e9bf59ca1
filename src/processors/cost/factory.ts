import type { TraceBatch, TracesConsumer } from '../../pipeline/batch.js';
import type { Component } from '../../pipeline/component.js';
import type { PricingService } from '../../pricing/service.js';
import type { CostProcessorConfig } from './config.js';
import { CostProcessor } from './processor.js';

export const costProcessorType = 'cost';

export type CostProcessorComponent = Component & TracesConsumer;

/**
 * The cost processor: prices each batch's calls and tool calls, then hands the batch to `next`.
 * The PricingService is shared with the API (overrides, lookup) and re-pricing, so a price
 * changed through the API applies to the very next batch.
 */
export function createCostProcessor(_config: CostProcessorConfig, next: TracesConsumer, pricing: PricingService): CostProcessorComponent {
  const processor = new CostProcessor(pricing);
  return {
    async start(): Promise<void> {},
    async shutdown(): Promise<void> {},
    async consume(batch: TraceBatch): Promise<void> {
      processor.process(batch);
      await next.consume(batch);
    },
  };
}
