import { randomUUID } from 'node:crypto';
import type { ModelInfo, Provider } from '@pydantic/genai-prices';
import type { ActivityRecord, CallRecord } from '../pipeline/records.js';
import { NANOS_PER_USD } from '../util/money.js';
import type { Catalog, Resolution } from './catalog.js';
import { computeCost, NO_QUANTITIES } from './cost-calculator.js';
import { isStandardTier } from './model-ids.js';
import { checkOverlaps, fieldPath, isInForce, OverrideError, overlaps, overrideKey, parseOverride, TOOL_PROVIDER, type PriceOverride } from './overrides.js';
import { MemoryOverrideStore, type OverrideStore } from './override-store.js';
import { PriceCache } from './price-cache.js';
import { PriceEntry, type PricedBy } from './price-entry.js';
import { quantitiesOf } from './quantities.js';

/** Changing an override that otel-config.yaml defines is refused: the config would bring it back. */
export class ConfigOverrideError extends Error {}

/**
 * Prices calls: the catalog, the overrides and a cache of resolved prices. The hot path
 * (`priceCall`) is synchronous and allocates only the CostBreakdown it stores.
 */
export class PricingService {
  private overrideList: PriceOverride[] = [];
  private byKey = new Map<string, PriceOverride[]>();
  private readonly cache = new PriceCache((p, resp, req, tier) => this.buildEntry(p, resp, req, tier));
  private readonly overrideListeners = new Set<(overrides: readonly PriceOverride[]) => void>();

  private constructor(readonly catalog: Catalog, private readonly store: OverrideStore) {}

  /**
   * A service that prices with `overrides` as given (already validated by the service it
   * mirrors) and keeps them in memory: the processing thread's copy of the main thread's prices.
   */
  static mirror(catalog: Catalog, overrides: readonly PriceOverride[]): PricingService {
    const service = new PricingService(catalog, new MemoryOverrideStore());
    service.install([...overrides]);
    return service;
  }

  /** A mirror takes the overrides its original now has. */
  replaceOverrides(overrides: readonly PriceOverride[]): void {
    this.install([...overrides]);
  }

  /** `listener` hears every change of the overrides in force, with all of them; returns an unsubscribe. */
  onOverridesChanged(listener: (overrides: readonly PriceOverride[]) => void): () => void {
    this.overrideListeners.add(listener);
    return () => this.overrideListeners.delete(listener);
  }

  /**
   * Loads stored overrides and replaces the config's with `configOverrides` (validated here, so
   * a bad config override stops start-up with the key named: pricing.overrides[i].field).
   * The config wins over the API: a stored API override whose range overlaps a config override
   * of the same model is removed, with a warning (refusing to start would leave no API to fix it).
   */
  static async create(options: {
    catalog: Catalog;
    store: OverrideStore;
    configOverrides: readonly unknown[];
    warn?: (message: string) => void;
  }): Promise<PricingService> {
    const warn = options.warn ?? ((message: string) => console.warn(`tokentally: ${message}`));
    const service = new PricingService(options.catalog, options.store);
    const stored = await options.store.load();
    const config = options.configOverrides.map((input, i) => {
      const o = parseOverride(input, `pricing.overrides[${i}]`);
      return { override: { ...o, id: `config-${i + 1}`, source: 'config' as const }, path: `pricing.overrides[${i}]` };
    });
    checkOverlaps(config);
    const shadowed = stored.filter((o) => o.source === 'api' && config.some((c) => overlaps(c.override, o)));
    for (const o of shadowed) {
      const by = config.find((c) => overlaps(c.override, o))!;
      warn(`price override ${o.id} (set through the API) for ${o.provider}/${o.model} overlaps ${by.path} of the config, which wins: removed`);
    }
    const api = stored.filter((o) => o.source === 'api' && !shadowed.includes(o));
    const stale = stored.filter((o) => o.source === 'config' || shadowed.includes(o)).map((o) => o.id);
    await options.store.apply({ put: config.map((c) => c.override), remove: stale });
    service.install([...config.map((c) => c.override), ...api]);
    return service;
  }

  /** Hot path: sets pricedModel, priceSource and cost of one call. */
  priceCall(call: CallRecord): void {
    if (call.explicitCostNanos !== null) {
      const total = call.explicitCostNanos;
      call.priceSource = 'explicit';
      call.pricedModel = null;
      call.cost = { inputCost: 0, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, reasoningCost: 0, otherCost: total, totalCost: total };
      return;
    }
    const priced = this.pricedAt(call.provider, call.responseModel, call.requestModel, call.serviceTier, Math.floor(call.startUs / 1000));
    if (priced === null) {
      call.priceSource = 'unpriced';
      call.pricedModel = null;
      call.cost = null;
      return;
    }
    const plan = priced.plan;
    call.cost = computeCost(call, plan, call.inputTokens, plan.fixed === null ? NO_QUANTITIES : quantitiesOf(call));
    call.priceSource = priced.source;
    call.pricedModel = priced.model;
  }

  /**
   * Tool calls without an explicit cost are priced by a "tool" override named after the tool
   * (per call, per second of the span, per image, per page). Explicit costs are left alone.
   */
  priceActivity(activity: ActivityRecord): void {
    if (activity.eventType !== 'tool_call' || activity.costNanos !== null) return;
    const nanos = this.toolCost(activity.name, activity);
    if (nanos === null) return;
    activity.costNanos = nanos;
    activity.priceSource = 'override';
  }

  /**
   * The cost (nano-dollars) a "tool" override in force at the span's start gives a call of tool
   * `name`, or null when none applies. Shared by ingest (priceActivity) and re-pricing.
   */
  toolCost(name: string, span: { startUs: number; endUs: number; attributesJson: string }): number | null {
    const ms = Math.floor(span.startUs / 1000);
    const override = this.byKey.get(overrideKey({ provider: TOOL_PROVIDER, model: name }))?.find((o) => isInForce(o, ms));
    if (!override) return null;
    const q = quantitiesOf(span);
    const usd = (override.per_call ?? 0) + (override.per_image ?? 0) * q.images + (override.per_page ?? 0) * q.pages + (override.per_second ?? 0) * q.seconds;
    return Math.round(usd * NANOS_PER_USD);
  }

  /** The price in force for what a call names at `ms`, or null when nothing prices it. */
  pricedAt(provider: string, responseModel: string, requestModel: string, serviceTier: string | null, ms: number): PricedBy | null {
    const tier = isStandardTier(serviceTier) ? null : serviceTier;
    return this.cache.get(provider, responseModel, requestModel, tier).at(ms);
  }

  /** The cached entry for what a call names (resolution, overrides, every price period). */
  entry(provider: string, responseModel: string, requestModel: string, serviceTier: string | null): PriceEntry {
    return this.cache.get(provider, responseModel, requestModel, isStandardTier(serviceTier) ? null : serviceTier);
  }

  /** A catalog model's entry, for listings (not cached: listings touch many models once). */
  catalogEntry(provider: Provider, model: ModelInfo): PriceEntry {
    const resolution: Resolution = { match: { provider, model, matchedId: model.id }, steps: [] };
    return new PriceEntry(resolution, this.matchingOverrides([provider.id], [model.id], null));
  }

  overrides(): readonly PriceOverride[] {
    return this.overrideList;
  }

  /**
   * Adds or replaces API overrides; an input with the provider, model and effective_from of a
   * stored API override replaces it. Validates everything first (fields, overlaps with each
   * other and with what is stored) and throws OverrideError naming `path(i)` before any change.
   */
  async putOverrides(inputs: readonly unknown[], path: (index: number) => string): Promise<PriceOverride[]> {
    const parsed = inputs.map((input, i) => parseOverride(input, path(i)));
    const replaced = new Map<string, PriceOverride>();
    const fresh: PriceOverride[] = parsed.map((o, i) => {
      const same = this.overrideList.find((s) => overrideKey(s) === overrideKey(o) && sameInstant(s.effective_from, o.effective_from));
      if (same?.source === 'config') {
        throw new OverrideError(fieldPath(path(i), 'effective_from'), `replaces override ${same.id}, which otel-config.yaml defines; change it there`);
      }
      if (same) replaced.set(same.id, same);
      return { ...o, id: same?.id ?? randomUUID(), source: 'api' };
    });
    const kept = this.overrideList.filter((o) => !replaced.has(o.id));
    checkOverlaps([...kept.map((override) => ({ override, path: null })), ...fresh.map((override, i) => ({ override, path: path(i) }))]);
    await this.store.apply({ put: fresh, remove: [] });
    this.install([...kept, ...fresh]);
    return fresh;
  }

  /** Removes API overrides by id; returns those removed. Config overrides are refused. */
  async deleteOverrides(ids: readonly string[]): Promise<PriceOverride[]> {
    const doomed = this.overrideList.filter((o) => ids.includes(o.id));
    const fromConfig = doomed.find((o) => o.source === 'config');
    if (fromConfig) throw new ConfigOverrideError(`override ${fromConfig.id} is defined in otel-config.yaml (pricing.overrides); remove it there`);
    if (doomed.length === 0) return [];
    await this.store.apply({ put: [], remove: doomed.map((o) => o.id) });
    this.install(this.overrideList.filter((o) => !ids.includes(o.id)));
    return doomed;
  }

  private install(overrides: PriceOverride[]): void {
    this.overrideList = overrides;
    const byKey = new Map<string, PriceOverride[]>();
    for (const o of overrides) {
      const key = overrideKey(o);
      byKey.set(key, [...(byKey.get(key) ?? []), o]);
    }
    this.byKey = byKey;
    this.cache.clear();
    for (const listener of this.overrideListeners) listener(overrides);
  }

  private buildEntry(provider: string, responseModel: string, requestModel: string, tier: string | null): PriceEntry {
    const resolution = this.catalog.resolve({ provider, models: [responseModel, requestModel], serviceTier: tier });
    const match = resolution.match;
    const providers = [provider, ...(match ? [match.provider.id] : [])];
    const models = [responseModel, requestModel, ...(match ? [match.model.id] : [])];
    return new PriceEntry(resolution, this.matchingOverrides(providers, models, tier));
  }

  /**
   * Overrides that name the call, most specific first: a tier-specific model ("gpt-4o:batch")
   * before the plain one; the response model, then the request model, then the catalog model id;
   * the provider as the span names it before the catalog provider id.
   */
  private matchingOverrides(providers: readonly string[], models: readonly string[], tier: string | null): PriceOverride[] {
    const found: PriceOverride[] = [];
    const modelNames = models.filter((m) => m.trim() !== '');
    const variants = tier === null ? [modelNames] : [modelNames.map((m) => `${m}:${tier}`), modelNames];
    for (const names of variants) {
      for (const model of names) {
        for (const provider of providers) {
          for (const o of this.byKey.get(overrideKey({ provider, model })) ?? []) if (!found.includes(o)) found.push(o);
        }
      }
    }
    return found;
  }
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  return (a === undefined ? -Infinity : Date.parse(a)) === (b === undefined ? -Infinity : Date.parse(b));
}
