import type { ConditionalPrice } from '@pydantic/genai-prices';
import { describeConstraint, overrideJson, planPricesJson, type PriceValue } from './price-json.js';
import { isInForce } from './overrides.js';
import type { PricingService } from './service.js';

export interface LookupQuery {
  provider: string;
  model: string;
  /** An Azure deployment name or other request-side id, tried after `model`. */
  requestModel: string;
  serviceTier: string | null;
  atMs: number;
}

export interface LookupResult {
  query: { provider: string; model: string; request_model: string | null; service_tier: string | null; at: string };
  catalog_provider: string | null;
  catalog_model: string | null;
  catalog_model_name: string | null;
  price_source: 'catalog' | 'override' | 'unpriced';
  priced_model: string | null;
  price_period: ConditionalPrice['constraint'] | null;
  override: Record<string, string | number | null> | null;
  prices: Record<string, PriceValue> | null;
  steps: string[];
}

/** How one provider/model id resolves at a time, and why (GET /v1/pricing/lookup). */
export function lookupPrice(pricing: PricingService, q: LookupQuery): LookupResult {
  const entry = pricing.entry(q.provider, q.model, q.requestModel, q.serviceTier);
  const priced = entry.at(q.atMs);
  const match = entry.resolution.match;
  const steps = [...entry.resolution.steps];
  for (const o of entry.overrides) {
    const state = isInForce(o, q.atMs) ? (priced?.override === o ? 'in force: it wins over the catalog' : 'in force but a more specific override wins') : 'not in force at this time';
    steps.push(`override ${o.id} (${o.source}) for ${o.provider}/${o.model}, ${o.effective_from ?? 'always'} to ${o.effective_to ?? 'open end'}: ${state}`);
  }
  if (match && Array.isArray(match.model.prices)) steps.push(`catalog price period: ${describeConstraint(priced?.constraint ?? null)}`);
  steps.push(priced === null ? 'result: unpriced (stored with a NULL cost)' : `result: priced by ${priced.source} as "${priced.model}"`);
  return {
    query: { provider: q.provider, model: q.model, request_model: q.requestModel || null, service_tier: q.serviceTier, at: new Date(q.atMs).toISOString() },
    catalog_provider: match?.provider.id ?? null,
    catalog_model: match?.model.id ?? null,
    catalog_model_name: match?.model.name ?? null,
    price_source: priced?.source ?? 'unpriced',
    priced_model: priced?.model ?? null,
    price_period: priced?.constraint ?? null,
    override: priced?.override ? overrideJson(priced.override) : null,
    prices: priced ? planPricesJson(priced.plan) : null,
    steps,
  };
}
