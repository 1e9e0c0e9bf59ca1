import type { TraceBatch } from '../../pipeline/batch.js';
import type { PricingService } from '../../pricing/service.js';

/**
 * Prices every record of a batch in place: each call gets its cost, price source and priced
 * model (an explicit tokentally.cost.usd wins, then an override in force, then the catalog;
 * otherwise it is stored unpriced with a NULL cost), and tool calls without an explicit cost
 * get a tool override's price.
 */
export class CostProcessor {
  constructor(private readonly pricing: PricingService) {}

  process(batch: TraceBatch): void {
    const pricing = this.pricing;
    for (const call of batch.calls) pricing.priceCall(call);
    for (const activity of batch.activities) pricing.priceActivity(activity);
  }
}
