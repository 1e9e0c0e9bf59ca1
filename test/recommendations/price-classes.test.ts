import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../src/pricing/override-store.js';
import { PricingService } from '../../src/pricing/service.js';
import { PriceClasses, classOf, type ProviderClasses } from '../../src/recommendations/pricing/price-classes.js';
import { pickSubstitute } from '../../src/recommendations/pricing/substitute.js';
import { NOW_MS } from './support/history.js';

describe('price classes derived from the catalog', () => {
  let pricing: PricingService;
  let classes: PriceClasses;
  let anthropic: ProviderClasses;

  beforeAll(async () => {
    pricing = await PricingService.create({ catalog: await Catalog.load(), store: new MemoryOverrideStore(), configOverrides: [] });
    classes = new PriceClasses(pricing);
    anthropic = classes.of('anthropic', NOW_MS)!;
  });

  it('cuts the range of a provider\'s current text models in three equal parts on a log scale', () => {
    const prices = anthropic.models.map((m) => m.blendedPerMtok);
    const [max, min] = [prices[0]!, prices.at(-1)!];
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    expect(anthropic.standardFrom / min).toBeCloseTo(anthropic.flagshipFrom / anthropic.standardFrom, 9);
    expect(anthropic.flagshipFrom / anthropic.standardFrom).toBeCloseTo(max / anthropic.flagshipFrom, 9);
  });

  it('keeps current text models only: no variants, no models without the cache prices the others have', () => {
    const ids = anthropic.models.map((m) => m.model.id);
    expect(ids).toContain('claude-opus-4-1');
    expect(ids).toContain('claude-haiku-4-5');
    expect(ids).not.toContain('claude-2');
    const openai = classes.of('openai', NOW_MS)!.models.map((m) => m.model.id);
    expect(openai.filter((id) => id.includes(':'))).toEqual([]);
    expect(openai).not.toContain('gpt-image-1');
    expect(openai).not.toContain('text-embedding-3-small');
  });

  it('classes any price by the bands', () => {
    expect(classOf(anthropic, anthropic.flagshipFrom)).toBe('flagship');
    expect(classOf(anthropic, anthropic.flagshipFrom * 0.999)).toBe('standard');
    expect(classOf(anthropic, anthropic.standardFrom * 0.999)).toBe('economy');
  });

  it('suggests the priciest model of the next lower class that holds the input', () => {
    const pick = pickSubstitute({ classes: anthropic, pool: anthropic.models, currentClass: 'flagship', minContextTokens: 10_000 })!;
    const standard = anthropic.models.filter((m) => classOf(anthropic, m.blendedPerMtok) === 'standard');
    expect(pick.priceClass).toBe('standard');
    expect(pick.candidate.blendedPerMtok).toBe(Math.max(...standard.map((m) => m.blendedPerMtok)));
    expect(pickSubstitute({ classes: anthropic, pool: anthropic.models, currentClass: 'flagship', minContextTokens: 1e12 })).toBeNull();
    expect(pickSubstitute({ classes: anthropic, pool: anthropic.models, currentClass: 'economy', minContextTokens: 0 })).toBeNull();
  });

  it('with any provider, classes every provider\'s models by the bands of the provider in use', () => {
    const pick = pickSubstitute({ classes: anthropic, pool: classes.everyModel(NOW_MS), currentClass: 'flagship', minContextTokens: 0 })!;
    expect(classOf(anthropic, pick.candidate.blendedPerMtok)).toBe('standard');
    expect(pick.candidate.blendedPerMtok).toBeLessThan(anthropic.flagshipFrom);
  });

  it('follows an override: a negotiated price moves a model between classes', async () => {
    const negotiated = await PricingService.create({
      catalog: pricing.catalog,
      store: new MemoryOverrideStore(),
      configOverrides: [{ provider: 'anthropic', model: 'claude-opus-4-1', input_mtok: 1, output_mtok: 4, cache_read_mtok: 0.1 }],
    });
    const negotiatedClasses = new PriceClasses(negotiated).of('anthropic', NOW_MS)!;
    const opus = negotiatedClasses.models.find((m) => m.model.id === 'claude-opus-4-1')!;
    expect(opus.blendedPerMtok).toBe(5);
    expect(classOf(anthropic, anthropic.models.find((m) => m.model.id === 'claude-opus-4-1')!.blendedPerMtok)).toBe('flagship');
    expect(classOf(negotiatedClasses, opus.blendedPerMtok)).not.toBe('flagship');
  });
});
