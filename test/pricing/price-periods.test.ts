import { beforeAll, describe, expect, it } from 'vitest';
import { computeCost, NO_QUANTITIES } from '../../src/pricing/cost-calculator.js';
import { PriceCache } from '../../src/pricing/price-cache.js';
import type { PriceEntry } from '../../src/pricing/price-entry.js';
import type { PricingService } from '../../src/pricing/service.js';
import { pricingService, reference } from './helpers/usage.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

const u = tokenUsage({ inputTokens: 50_000, cacheReadTokens: 20_000, outputTokens: 3_000 });

describe('price periods: each call is priced at the price in force at its start', () => {
  let pricing: PricingService;
  beforeAll(async () => {
    pricing = await pricingService();
  });

  const priceAt = (provider: string, model: string, ms: number) => {
    const by = pricing.pricedAt(provider, model, '', null, ms)!;
    return computeCost(u, by.plan, u.inputTokens, NO_QUANTITIES).totalCost;
  };

  it.each([
    ['deepseek', 'deepseek-chat', '2025-09-01'],
    ['deepseek', 'deepseek-v4-flash', '2026-08-16'],
    ['deepseek', 'deepseek-v4-flash', '2026-08-17'],
  ])('%s %s: every minute of %s, as calcPrice picks it', (provider, model, day) => {
    const start = Date.parse(`${day}T00:00:00Z`);
    for (let minute = 0; minute < 24 * 60; minute++) {
      for (const offsetMs of [0, 59_999]) {
        const ms = start + minute * 60_000 + offsetMs;
        expect(priceAt(provider, model, ms), new Date(ms).toISOString()).toBe(reference(u, model, provider, new Date(ms))!.total);
      }
    }
  });

  it.each([
    ['mistral', 'ministral-8b-latest', '2025-12-02T00:00:00Z'],
    ['mistral', 'mistral-ocr-latest', '2025-12-18T00:00:00Z'],
    ['openai', 'o3', '2025-06-10T00:00:00Z'],
    ['anthropic', 'claude-sonnet-4-6', '2026-03-13T00:00:00Z'],
  ])('%s %s changes price at %s, to the millisecond', (provider, model, change) => {
    const ms = Date.parse(change);
    for (const t of [ms - 86_400_000, ms - 1, ms, ms + 86_400_000]) {
      expect(priceAt(provider, model, t)).toBe(reference(u, model, provider, new Date(t))!.total);
    }
    const before = pricing.pricedAt(provider, model, '', null, ms - 1)!;
    const after = pricing.pricedAt(provider, model, '', null, ms)!;
    expect(after.constraint).toEqual({ type: 'start_date', start_date: change.slice(0, 10) });
    expect(before.constraint).not.toEqual(after.constraint);
    expect(before.plan.prices).not.toEqual(after.plan.prices);
  });
});

describe('price cache', () => {
  it('resolves each key once and returns the same entry', async () => {
    const pricing = await pricingService();
    const a = pricing.entry('openai', 'gpt-4o-2024-08-06', 'gpt-4o', null);
    pricing.entry('anthropic', 'claude-3-haiku-20240307', '', null);
    expect(pricing.entry('openai', 'gpt-4o-2024-08-06', 'gpt-4o', null)).toBe(a);
    expect(pricing.entry('openai', 'gpt-4o-2024-08-06', 'gpt-4o', 'default')).toBe(a);
    expect(pricing.entry('openai', 'gpt-4o-2024-08-06', 'gpt-4o', 'batch')).not.toBe(a);
  });

  it('is emptied when overrides change', async () => {
    const pricing = await pricingService();
    const before = pricing.entry('openai', 'gpt-4o', 'gpt-4o', null);
    await pricing.putOverrides([{ provider: 'openai', model: 'gpt-4o', input_mtok: 1 }], () => '');
    const after = pricing.entry('openai', 'gpt-4o', 'gpt-4o', null);
    expect(after).not.toBe(before);
    expect(after.at(Date.now())?.source).toBe('override');
  });

  it('is bounded: names come from spans', () => {
    let built = 0;
    const cache = new PriceCache(() => {
      built++;
      return {} as PriceEntry;
    }, 3);
    for (let i = 0; i < 10; i++) cache.get('p', `m${i}`, '', null);
    expect(built).toBe(10);
    cache.get('p', 'm9', '', null);
    expect(built).toBe(10);
    cache.get('p', 'm0', '', null);
    expect(built).toBe(11);
  });
});
