import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../src/pricing/override-store.js';
import { PricingService } from '../../src/pricing/service.js';
import { batchPrice, standardPrice } from '../../src/recommendations/pricing/group-prices.js';
import { NO_USAGE } from '../../src/recommendations/pricing/usage.js';
import { costOf } from '../../src/recommendations/pricing/what-if.js';
import { NOW_MS, catalogNanos, type Tokens } from './support/history.js';

const named = (provider: string, model: string) => ({ provider, requestModel: model, responseModel: model });

describe('what-if pricing', () => {
  let pricing: PricingService;
  beforeAll(async () => {
    pricing = await PricingService.create({
      catalog: await Catalog.load(),
      store: new MemoryOverrideStore(),
      configOverrides: [{ provider: 'openai', model: 'gpt-4o-mini:batch', input_mtok: 0.07, output_mtok: 0.29 }],
    });
  });

  it.each<[string, string, Tokens]>([
    ['anthropic', 'claude-sonnet-4-5', { input_tokens: 90_000, output_tokens: 4_000, cache_read_tokens: 60_000, cache_write_tokens: 8_000 }],
    ['openai', 'gpt-4o', { input_tokens: 50_000, output_tokens: 9_000, cache_read_tokens: 20_000 }],
    ['google', 'gemini-2.5-flash', { input_tokens: 120_000, output_tokens: 30_000 }],
  ])('prices summed usage of %s/%s as calcPrice does', (provider, model, t) => {
    const plan = standardPrice(pricing, named(provider, model), NOW_MS)!.plan;
    const usage = { ...NO_USAGE, calls: 20, inputTokens: t.input_tokens, outputTokens: t.output_tokens, cacheReadTokens: t.cache_read_tokens ?? 0, cacheWriteTokens: t.cache_write_tokens ?? 0 };
    expect(costOf(plan, usage)).toBe(catalogNanos(t, model, provider));
  });

  it('charges a per-request price once per call', () => {
    const perRequest = pricing.catalog.models().find(({ model }) => {
      const prices = Array.isArray(model.prices) ? model.prices.at(-1)!.prices : model.prices;
      return prices.requests_kcount !== undefined && prices.input_mtok !== undefined;
    })!;
    const plan = pricing.catalogEntry(perRequest.provider, perRequest.model).at(NOW_MS)!.plan;
    const one = costOf(plan, { ...NO_USAGE, calls: 1, inputTokens: 1_000, outputTokens: 100 });
    expect(costOf(plan, { ...NO_USAGE, calls: 7, inputTokens: 7_000, outputTokens: 700 })).toBe(7 * one);
  });

  it('finds batch prices only where the catalog or an override publishes them', () => {
    expect(batchPrice(pricing, named('openrouter', 'openai/gpt-6-luna'), NOW_MS)?.model).toBe('openai/gpt-6-luna:batch');
    expect(batchPrice(pricing, named('openai', 'gpt-4o-mini'), NOW_MS)?.override?.model).toBe('gpt-4o-mini:batch');
    expect(batchPrice(pricing, named('anthropic', 'claude-haiku-4-5'), NOW_MS)).toBeNull();
    expect(batchPrice(pricing, named('openai', 'gpt-4o'), NOW_MS)).toBeNull();
  });
});
