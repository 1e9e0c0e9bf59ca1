import { findProvider, type ConditionalPrice } from '@pydantic/genai-prices';
import { providerAlias, normaliseProviderName } from './model-ids.js';
import { overrideKey, type PriceOverride } from './overrides.js';
import { planPricesJson, type PriceValue } from './price-json.js';
import type { PriceEntry } from './price-entry.js';
import type { PricingService } from './service.js';

export interface CatalogQuery {
  provider?: string;
  /** Case-insensitive part of a model id or name. */
  model?: string;
  atMs: number;
}

export interface CatalogRow {
  provider: string;
  model: string;
  name: string | null;
  /** What prices it at `at`: the catalog, an override, or nothing (an override not yet / no longer in force). */
  price_source: 'catalog' | 'override' | 'unpriced';
  prices: Record<string, PriceValue> | null;
  override_id: string | null;
  /** The catalog's dated or time-of-day price periods, when it has several. */
  price_periods: Array<ConditionalPrice['constraint'] | null> | null;
  deprecated: boolean;
  context_window: number | null;
}

interface Candidate {
  provider: string;
  model: string;
  name: string | null;
  entry: () => PriceEntry;
  periods: Array<ConditionalPrice['constraint'] | null> | null;
  deprecated: boolean;
  contextWindow: number | null;
}

/**
 * The effective price list (GET /v1/pricing): every catalog model, overrides laid over it, plus
 * the models only overrides price (private models, tools). Filtering is on ids; prices are
 * computed only for the requested page.
 */
export function listCatalog(pricing: PricingService, q: CatalogQuery, page: { limit: number; offset: number }): { rows: CatalogRow[]; total: number } {
  const wantProvider = q.provider === undefined ? undefined : normaliseProviderName(q.provider);
  const catalogProvider = wantProvider === undefined ? undefined : findProvider({ providerId: providerAlias(wantProvider) ?? wantProvider })?.id;
  const wantModel = q.model?.trim().toLowerCase();
  const modelMatches = (id: string, name: string | null) => wantModel === undefined || id.toLowerCase().includes(wantModel) || (name?.toLowerCase().includes(wantModel) ?? false);

  const candidates: Candidate[] = [];
  for (const { provider, model } of pricing.catalog.models()) {
    if (wantProvider !== undefined && provider.id !== catalogProvider) continue;
    if (!modelMatches(model.id, model.name ?? null)) continue;
    candidates.push({
      provider: provider.id,
      model: model.id,
      name: model.name ?? null,
      entry: () => pricing.catalogEntry(provider, model),
      periods: Array.isArray(model.prices) ? model.prices.map((p) => p.constraint ?? null) : null,
      deprecated: model.deprecated ?? false,
      contextWindow: model.context_window ?? null,
    });
  }
  for (const o of overrideOnlyModels(pricing)) {
    if (wantProvider !== undefined && normaliseProviderName(o.provider) !== wantProvider) continue;
    if (!modelMatches(o.model, null)) continue;
    candidates.push({ provider: o.provider, model: o.model, name: null, entry: () => pricing.entry(o.provider, o.model, '', null), periods: null, deprecated: false, contextWindow: null });
  }

  const rows = candidates.slice(page.offset, page.offset + page.limit).map((c): CatalogRow => {
    const priced = c.entry().at(q.atMs);
    return {
      provider: c.provider,
      model: c.model,
      name: c.name,
      price_source: priced?.source ?? 'unpriced',
      prices: priced ? planPricesJson(priced.plan) : null,
      override_id: priced?.override?.id ?? null,
      price_periods: c.periods,
      deprecated: c.deprecated,
      context_window: c.contextWindow,
    };
  });
  return { rows, total: candidates.length };
}

/** One override per provider/model that no catalog model answers to. */
function overrideOnlyModels(pricing: PricingService): PriceOverride[] {
  const seen = new Set<string>();
  return pricing.overrides().filter((o) => {
    const key = overrideKey(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return pricing.entry(o.provider, o.model, '', null).resolution.match === null;
  });
}
