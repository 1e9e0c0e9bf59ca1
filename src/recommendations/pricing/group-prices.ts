import type { PricedBy } from '../../pricing/price-entry.js';
import type { PricingService } from '../../pricing/service.js';

interface Named {
  provider: string;
  requestModel: string;
  responseModel: string;
}

/** The standard price in force at `ms` for what the calls named, or null when nothing prices them. */
export function standardPrice(pricing: PricingService, g: Named, ms: number): PricedBy | null {
  return pricing.entry(g.provider, g.responseModel, g.requestModel, null).at(ms);
}

const BATCH_TIER = 'batch';

/**
 * The batch price of what the calls named, only where one is published: a catalog model for the
 * batch tier (`<model>:batch`, e.g. OpenRouter's batch routes) or an override for `<model>:batch`.
 * Asked for the batch tier, pricing falls back to standard prices when neither exists; that
 * fallback is not a batch price, so it gives null here. No discount is ever assumed.
 */
export function batchPrice(pricing: PricingService, g: Named, ms: number): PricedBy | null {
  const priced = pricing.entry(g.provider, g.responseModel, g.requestModel, BATCH_TIER).at(ms);
  if (priced === null) return null;
  const batchId = priced.override ? priced.override.model : priced.model;
  return batchId.toLowerCase().endsWith(`:${BATCH_TIER}`) ? priced : null;
}
