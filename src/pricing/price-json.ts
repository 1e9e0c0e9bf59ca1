import type { ConditionalPrice } from '@pydantic/genai-prices';
import type { PricePlan } from './price-plan.js';
import { PRICE_FIELDS, type PriceOverride } from './overrides.js';

export type PriceValue = number | { base: number; tiers: Array<{ start: number; price: number }> };

/** A plan's prices as the API shows them: catalog price keys (tiered ones as {base, tiers}) plus per-unit prices. */
export function planPricesJson(plan: PricePlan): Record<string, PriceValue> {
  const out: Record<string, PriceValue> = {};
  for (const [key, value] of Object.entries(plan.prices)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'number' ? value : { base: value.base, tiers: value.tiers.map((t) => ({ start: t.start, price: t.price })) };
  }
  const fixed = plan.fixed;
  if (fixed !== null) {
    out.per_call = fixed.perCall;
    out.per_image = fixed.perImage;
    out.per_second = fixed.perSecond;
    out.per_page = fixed.perPage;
  }
  return out;
}

export function overrideJson(o: PriceOverride): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = { id: o.id, source: o.source, provider: o.provider, model: o.model };
  for (const field of PRICE_FIELDS) if (o[field] !== undefined) out[field] = o[field]!;
  out.effective_from = o.effective_from === undefined ? null : new Date(o.effective_from).toISOString();
  out.effective_to = o.effective_to === undefined ? null : new Date(o.effective_to).toISOString();
  out.note = o.note ?? null;
  return out;
}

export function describeConstraint(constraint: ConditionalPrice['constraint'] | null): string {
  if (!constraint) return 'base prices';
  if (constraint.type === 'start_date') return `prices from ${constraint.start_date}`;
  return `time-of-day prices ${constraint.start_time}–${constraint.end_time}`;
}
