import { calcPrice, type ModelPrice, type Provider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../src/pipeline/records.js';
import { computeCost, NO_QUANTITIES } from '../../src/pricing/cost-calculator.js';
import { compilePlan } from '../../src/pricing/price-plan.js';
import { libraryUsage } from './helpers/usage.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

/** A provider of one model with `prices`, so calcPrice can be asked about any price set. */
function syntheticProvider(prices: ModelPrice): Provider {
  return { id: 'synthetic', name: 'Synthetic', api_pattern: 'https://synthetic', models: [{ id: 'm', match: { equals: 'm' }, prices }] };
}

function libraryNanos(u: TokenUsage, prices: ModelPrice) {
  const r = calcPrice(libraryUsage(u), 'm', { provider: syntheticProvider(prices) })!;
  return { total: Math.round(r.total_price * 1e9), input: Math.round(r.input_price * 1e9), output: Math.round(r.output_price * 1e9) };
}

/** Price sets that exercise every unit tokentally fills, each valid for the library (ancestors and joins priced). */
const PRICE_SETS: Record<string, ModelPrice> = {
  plain: { input_mtok: 3, output_mtok: 15 },
  cache: { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 },
  cache1h: { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75, cache_write_1h_mtok: 6 },
  cache5m: { input_mtok: 3, output_mtok: 15, cache_write_mtok: 3.75, cache_write_5m_mtok: 3.7, cache_write_1h_mtok: 6 },
  audio: { input_mtok: 5, output_mtok: 20, cache_read_mtok: 2.5, input_audio_mtok: 40, cache_audio_read_mtok: 2.5, output_audio_mtok: 80 },
  image: { input_mtok: 4, output_mtok: 16, cache_read_mtok: 0.4, input_image_mtok: 5, cache_image_read_mtok: 0.5, output_image_mtok: 40 },
  reasoning: { input_mtok: 2, output_mtok: 8, output_reasoning_mtok: 3, output_citation_mtok: 2, web_searches_kcount: 5 },
  requests: { input_mtok: 1, output_mtok: 2, requests_kcount: 5 },
  tiered: {
    input_mtok: { base: 3, tiers: [{ start: 200_000, price: 6 }] },
    cache_read_mtok: { base: 0.3, tiers: [{ start: 200_000, price: 0.6 }] },
    cache_write_mtok: { base: 3.75, tiers: [{ start: 200_000, price: 7.5 }] },
    output_mtok: { base: 15, tiers: [{ start: 128_000, price: 20 }, { start: 200_000, price: 22.5 }] },
  },
  awkwardFloats: { input_mtok: 0.18000000000000002, output_mtok: 1 / 3, cache_read_mtok: 0.08333333333333334, cache_write_mtok: 0.0375 },
};

/** Deterministic pseudo-random usage whose parts never exceed their whole. */
function* usages(seed: number, count: number): Generator<TokenUsage> {
  let x = seed;
  const next = (max: number) => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x % (max + 1);
  };
  for (let i = 0; i < count; i++) {
    const cacheRead = next(150_000);
    const cacheWrite = next(40_000);
    const audio = next(20_000);
    const image = next(20_000);
    const output = next(50_000);
    yield tokenUsage({
      inputTokens: cacheRead + cacheWrite + audio + image + next(200_000),
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      cacheWrite1hTokens: next(cacheWrite),
      inputAudioTokens: audio,
      inputImageTokens: image,
      outputTokens: output,
      reasoningTokens: next(Math.floor(output / 3)),
      outputAudioTokens: next(Math.floor(output / 3)),
      outputImageTokens: next(Math.floor(output / 3)),
    });
  }
}

describe('computeCost', () => {
  it.each(Object.entries(PRICE_SETS))('equals calcPrice for the %s price set', (_name, prices) => {
    const plan = compilePlan(prices);
    for (const u of usages(prices === PRICE_SETS.tiered ? 7 : 3, 300)) {
      const ours = computeCost(u, plan, u.inputTokens, NO_QUANTITIES);
      const lib = libraryNanos(u, prices);
      expect(ours.totalCost).toBe(lib.total);
      expect(ours.inputCost + ours.cacheReadCost + ours.cacheWriteCost).toBe(lib.input);
      expect(Math.abs(ours.outputCost - lib.output)).toBeLessThanOrEqual(1);
      expect(ours.inputCost + ours.cacheReadCost + ours.cacheWriteCost + ours.outputCost + ours.otherCost).toBe(ours.totalCost);
      for (const v of Object.values(ours)) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('splits components: uncached input, cache reads, cache writes (5-minute and 1-hour), output', () => {
    const plan = compilePlan(PRICE_SETS.cache1h!);
    const c = computeCost(tokenUsage({ inputTokens: 10_000, cacheReadTokens: 4_000, cacheWriteTokens: 3_000, cacheWrite1hTokens: 1_000, outputTokens: 1_000 }), plan, 10_000, NO_QUANTITIES);
    expect(c.inputCost).toBe(3_000 * 3_000); // 3,000 uncached tokens at $3/Mtok = 3,000 nanos each
    expect(c.cacheReadCost).toBe(4_000 * 300);
    expect(c.cacheWriteCost).toBe(2_000 * 3_750 + 1_000 * 6_000);
    expect(c.outputCost).toBe(1_000 * 15_000);
    expect(c.otherCost).toBe(0);
  });

  it('reports reasoning inside output: at the output price, or at output_reasoning_mtok where the catalog has one', () => {
    const u = tokenUsage({ inputTokens: 1_000, outputTokens: 10_000, reasoningTokens: 6_000 });
    const atOutputPrice = computeCost(u, compilePlan(PRICE_SETS.plain!), 1_000, NO_QUANTITIES);
    expect(atOutputPrice.reasoningCost).toBe(6_000 * 15_000);
    expect(atOutputPrice.outputCost).toBe(10_000 * 15_000);
    const apart = computeCost(u, compilePlan(PRICE_SETS.reasoning!), 1_000, NO_QUANTITIES);
    expect(apart.reasoningCost).toBe(6_000 * 3_000);
    expect(apart.outputCost).toBe(4_000 * 8_000 + 6_000 * 3_000);
  });

  it('puts per-request prices in other and picks tiers by total input tokens', () => {
    const perRequest = computeCost(tokenUsage({ inputTokens: 1_000, outputTokens: 1_000 }), compilePlan(PRICE_SETS.requests!), 1_000, NO_QUANTITIES);
    expect(perRequest.otherCost).toBe(5_000_000);
    const tiers = compilePlan(PRICE_SETS.tiered!);
    const under = computeCost(tokenUsage({ inputTokens: 200_000, outputTokens: 1 }), tiers, 200_000, NO_QUANTITIES);
    const over = computeCost(tokenUsage({ inputTokens: 200_001, outputTokens: 1 }), tiers, 200_001, NO_QUANTITIES);
    expect(under.inputCost).toBe(200_000 * 3_000);
    expect(over.inputCost).toBe(200_001 * 6_000);
    expect(under.outputCost).toBe(20_000); // above the 128k tier already
  });

  it('adds per-call, per-image, per-page and per-second prices to other', () => {
    const plan = compilePlan({}, { perCall: 0.01, perImage: 0.04, perPage: 0.001, perSecond: 0.002 });
    const c = computeCost(tokenUsage(), plan, 0, { images: 2, pages: 10, seconds: 30 });
    expect(c.otherCost).toBe(10_000_000 + 80_000_000 + 10_000_000 + 60_000_000);
    expect(c.totalCost).toBe(c.otherCost);
  });

  it('prices the parts of inconsistent usage where calcPrice refuses it', () => {
    const u = tokenUsage({ inputTokens: 100, cacheReadTokens: 500, outputTokens: 10 });
    expect(() => libraryNanos(u, PRICE_SETS.cache!)).toThrow();
    const c = computeCost(u, compilePlan(PRICE_SETS.cache!), 100, NO_QUANTITIES);
    expect(c.inputCost).toBe(0);
    expect(c.cacheReadCost).toBe(500 * 300);
  });

  it('is pure: the same input gives the same output', () => {
    const plan = compilePlan(PRICE_SETS.audio!);
    const u = tokenUsage({ inputTokens: 9_000, inputAudioTokens: 4_000, cacheReadTokens: 3_000, outputTokens: 2_500, outputAudioTokens: 2_000 });
    expect(computeCost(u, plan, 9_000, NO_QUANTITIES)).toEqual(computeCost(u, plan, 9_000, NO_QUANTITIES));
  });
});
