import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../src/pricing/override-store.js';
import { OverrideError, checkOverlaps, parseOverride } from '../../src/pricing/overrides.js';
import { ConfigOverrideError, PricingService } from '../../src/pricing/service.js';
import { makeActivity, makeCall } from '../support/records.js';
import { pricingService, reference } from './helpers/usage.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

const at = (iso: string) => Date.parse(iso) * 1000;
const tokens = tokenUsage({ inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 1_000 });

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof OverrideError) return error.message;
    throw error;
  }
  throw new Error('expected an OverrideError');
}

describe('override validation names the field', () => {
  const ok = { provider: 'openai', model: 'gpt-4o', input_mtok: 2 };

  it.each([
    [{ ...ok, input_mtok: -1 }, 'overrides[0].input_mtok: a price cannot be negative'],
    [{ ...ok, input_ktok: 1 }, 'overrides[0].input_ktok: unknown unit or field'],
    [{ ...ok, per_call: 'free' }, 'overrides[0].per_call: '],
    [{ provider: 'openai', model: 'gpt-4o' }, 'overrides[0]: an override needs at least one price'],
    [{ ...ok, model: '' }, 'overrides[0].model: '],
    [{ ...ok, effective_from: '2025-13-40' }, 'overrides[0].effective_from: "2025-13-40" is not a valid date'],
    [{ ...ok, effective_from: 'yesterday' }, 'overrides[0].effective_from: expected a date'],
    [{ ...ok, effective_from: '2025-06-01', effective_to: '2025-05-01' }, 'overrides[0].effective_to: must be after effective_from'],
    [{ provider: 'tool', model: 'web_search', input_mtok: 1 }, 'overrides[0].input_mtok: tools are priced per call'],
  ])('%j', (input, message) => {
    expect(errorOf(() => parseOverride(input, 'overrides[0]'))).toContain(message);
  });

  it('a body with one override names fields without a prefix', () => {
    expect(errorOf(() => parseOverride({ ...ok, output_mtok: -3 }, ''))).toBe('output_mtok: a price cannot be negative');
  });

  it('refuses overlapping effective ranges of one provider and model, and accepts adjacent ones', () => {
    const a = { provider: 'openai', model: 'GPT-4o', input_mtok: 1, effective_from: '2025-01-01', effective_to: '2025-06-01' };
    const b = { provider: 'OpenAI', model: 'gpt-4o', input_mtok: 2, effective_from: '2025-05-01' };
    expect(errorOf(() => checkOverlaps([{ override: a, path: 'overrides[0]' }, { override: b, path: 'overrides[1]' }]))).toMatch(
      /^overrides\[1\]\.effective_from: overlaps overrides\[0\] for OpenAI\/gpt-4o/,
    );
    const adjacent = { ...b, effective_from: '2025-06-01' };
    expect(() => checkOverlaps([{ override: a, path: 'overrides[0]' }, { override: adjacent, path: 'overrides[1]' }])).not.toThrow();
    const otherModel = { ...b, model: 'gpt-4o-mini' };
    expect(() => checkOverlaps([{ override: a, path: 'overrides[0]' }, { override: otherModel, path: 'overrides[1]' }])).not.toThrow();
  });
});

describe('overrides in pricing', () => {
  it('win over the catalog only within their effective range', async () => {
    const pricing = await pricingService();
    await pricing.putOverrides([{ provider: 'openai', model: 'gpt-4o', input_mtok: 1, output_mtok: 2, effective_from: '2025-07-01' }], (i) => `overrides[${i}]`);
    const before = makeCall({ startUs: at('2025-06-30T23:59:59Z'), ...tokens });
    const after = makeCall({ startUs: at('2025-07-01T00:00:00Z'), ...tokens });
    pricing.priceCall(before);
    pricing.priceCall(after);
    expect(before.priceSource).toBe('catalog');
    expect(before.cost!.totalCost).toBe(reference(tokens, 'gpt-4o', 'openai', new Date('2025-06-30T23:59:59Z'))!.total);
    expect(after.priceSource).toBe('override');
    expect(after.pricedModel).toBe('gpt-4o');
    // Laid over the catalog: input and output replaced, the catalog's cache-read price kept.
    const catalogCacheRead = before.cost!.cacheReadCost;
    expect(after.cost).toMatchObject({ inputCost: 6_000 * 1_000, cacheReadCost: catalogCacheRead, outputCost: 1_000 * 2_000 });
  });

  it('match the catalog model id, the response model and the request model (Azure deployment)', async () => {
    const pricing = await pricingService([{ provider: 'azure', model: 'gpt-4o', input_mtok: 0.5 }]);
    const call = makeCall({ provider: 'azure.ai.openai', responseModel: 'gpt-4o-2024-08-06', requestModel: 'prod-eastus', ...tokens });
    pricing.priceCall(call);
    expect(call.priceSource).toBe('override');
    const pricing2 = await pricingService([{ provider: 'azure.ai.openai', model: 'prod-eastus', input_mtok: 0.25 }]);
    pricing2.priceCall(call);
    expect(call.priceSource).toBe('override');
    expect(call.cost!.inputCost).toBe(6_000 * 250);
  });

  it('price private models the catalog does not know, per token and per unit', async () => {
    const pricing = await pricingService([
      { provider: 'acme', model: 'acme-7b', input_mtok: 0.2, output_mtok: 0.4, per_call: 0.001 },
      { provider: 'openai', model: 'gpt-image-1', per_image: 0.04 },
      { provider: 'runway', model: 'gen-4', per_second: 0.05 },
    ]);
    const chat = makeCall({ provider: 'acme', responseModel: 'acme-7b', requestModel: 'acme-7b', ...tokens });
    pricing.priceCall(chat);
    expect(chat).toMatchObject({ priceSource: 'override', pricedModel: 'acme-7b' });
    expect(chat.cost).toMatchObject({ inputCost: 10_000 * 200, outputCost: 1_000 * 400, otherCost: 1_000_000 });

    const image = makeCall({ responseModel: 'gpt-image-1', requestModel: 'gpt-image-1', ...tokenUsage(), attributesJson: '{"tokentally.usage.images":3}' });
    pricing.priceCall(image);
    expect(image.cost!.otherCost).toBe(120_000_000);

    const startUs = at('2025-08-01T00:00:00Z');
    const video = makeCall({ provider: 'runway', responseModel: 'gen-4', requestModel: 'gen-4', startUs, endUs: startUs + 8_000_000, ...tokenUsage() });
    pricing.priceCall(video);
    expect(video.cost!.totalCost).toBe(400_000_000);
  });

  it('can be specific to a service tier ("model:tier")', async () => {
    const pricing = await pricingService([{ provider: 'openai', model: 'gpt-4o:batch', input_mtok: 1.25, output_mtok: 5 }]);
    const batch = makeCall({ serviceTier: 'batch', ...tokens });
    const standard = makeCall({ serviceTier: 'default', ...tokens });
    pricing.priceCall(batch);
    pricing.priceCall(standard);
    expect(batch.priceSource).toBe('override');
    expect(batch.cost!.outputCost).toBe(5_000_000);
    expect(standard.priceSource).toBe('catalog');
  });

  it('lose to an explicit tokentally.cost.usd', async () => {
    const pricing = await pricingService([{ provider: 'openai', model: 'gpt-4o', input_mtok: 1 }]);
    const call = makeCall({ explicitCostNanos: 123_456_789, ...tokens });
    pricing.priceCall(call);
    expect(call).toMatchObject({ priceSource: 'explicit', pricedModel: null });
    expect(call.cost).toEqual({ inputCost: 0, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, reasoningCost: 0, otherCost: 123_456_789, totalCost: 123_456_789 });
  });

  it('price tool calls by tool name (provider "tool"); explicit tool costs stay', async () => {
    const pricing = await pricingService([{ provider: 'tool', model: 'web_search', per_call: 0.005, per_second: 0.001 }]);
    const search = makeActivity({ name: 'web_search' });
    pricing.priceActivity(search);
    expect(search).toMatchObject({ costNanos: 5_000_000 + 250_000, priceSource: 'override' });
    const explicit = makeActivity({ name: 'web_search', costNanos: 42 });
    pricing.priceActivity(explicit);
    expect(explicit).toMatchObject({ costNanos: 42, priceSource: 'explicit' });
    const other = makeActivity({ name: 'calculator' });
    pricing.priceActivity(other);
    expect(other).toMatchObject({ costNanos: null, priceSource: 'unpriced' });
  });

  it('leave calls nothing prices unpriced, with a NULL cost', async () => {
    const pricing = await pricingService();
    const call = makeCall({ provider: 'acme', responseModel: 'acme-7b', requestModel: 'acme-7b' });
    pricing.priceCall(call);
    expect(call).toMatchObject({ priceSource: 'unpriced', pricedModel: null, cost: null });
  });
});

describe('override changes', () => {
  it('replace an API override with the same provider, model and effective_from; new prices apply at once', async () => {
    const pricing = await pricingService();
    const [first] = await pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 1, effective_from: '2025-01-01' }], () => 'body');
    const [second] = await pricing.putOverrides([{ provider: 'ACME', model: 'acme-7b', input_mtok: 3, effective_from: '2025-01-01T00:00:00Z' }], () => 'body');
    expect(second!.id).toBe(first!.id);
    expect(pricing.overrides()).toHaveLength(1);
    const call = makeCall({ provider: 'acme', responseModel: 'acme-7b', requestModel: 'acme-7b', ...tokenUsage({ inputTokens: 1_000 }) });
    pricing.priceCall(call);
    expect(call.cost!.totalCost).toBe(3_000_000);
  });

  it('change nothing when any input is bad', async () => {
    const pricing = await pricingService();
    await expect(
      pricing.putOverrides(
        [
          { provider: 'acme', model: 'a', input_mtok: 1 },
          { provider: 'acme', model: 'b', input_mtok: -1 },
        ],
        (i) => `overrides[${i}]`,
      ),
    ).rejects.toThrow('overrides[1].input_mtok: a price cannot be negative');
    expect(pricing.overrides()).toHaveLength(0);
  });

  it('keep config overrides out of reach of the API and check them against stored ones at start', async () => {
    const pricing = await pricingService([{ provider: 'acme', model: 'acme-7b', input_mtok: 1 }]);
    const [config] = pricing.overrides();
    expect(config).toMatchObject({ id: 'config-1', source: 'config' });
    await expect(pricing.deleteOverrides([config!.id])).rejects.toBeInstanceOf(ConfigOverrideError);
    await expect(pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 2 }], () => '')).rejects.toThrow('effective_from: replaces override config-1');
    await expect(pricingService([{ provider: 'acme', model: 'x', input_mtok: 1 }, { provider: 'acme', model: 'x', input_mtok: 2, effective_from: '2025-01-01' }])).rejects.toThrow(
      'pricing.overrides[1].effective_from: overlaps pricing.overrides[0]',
    );
    await expect(pricingService([{ provider: 'acme', model: 'x', input_mtok: -2 }])).rejects.toThrow('pricing.overrides[0].input_mtok: a price cannot be negative');
  });

  it('let the config win over an API override it overlaps at start-up, with a warning', async () => {
    const catalog = await Catalog.load();
    const store = new MemoryOverrideStore();
    const first = await PricingService.create({ catalog, store, configOverrides: [] });
    const [api] = await first.putOverrides([{ provider: 'acme', model: 'x', input_mtok: 1, effective_from: '2025-01-01' }], () => '');
    const [kept] = await first.putOverrides([{ provider: 'acme', model: 'y', input_mtok: 1 }], () => '');
    const warnings: string[] = [];
    const second = await PricingService.create({ catalog, store, configOverrides: [{ provider: 'ACME', model: 'x', input_mtok: 2 }], warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([`price override ${api!.id} (set through the API) for acme/x overlaps pricing.overrides[0] of the config, which wins: removed`]);
    expect(second.overrides().map((o) => o.id).sort()).toEqual(['config-1', kept!.id].sort());
    expect((await store.load()).map((o) => o.id).sort()).toEqual(['config-1', kept!.id].sort());
  });
});
