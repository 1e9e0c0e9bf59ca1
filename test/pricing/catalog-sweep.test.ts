import type { MatchLogic, ModelInfo } from '@pydantic/genai-prices';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PricingService } from '../../src/pricing/service.js';
import { computeCost, NO_QUANTITIES } from '../../src/pricing/cost-calculator.js';
import { pricingService, reference } from './helpers/usage.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

/**
 * Every model of the main providers, a few usage mixes, a few times: the cached hot path
 * (PricingService.pricedAt + computeCost) must equal calcPrice for each.
 */
const PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'groq', 'deepseek', 'x-ai', 'aws', 'azure', 'cohere', 'perplexity', 'together', 'fireworks', 'openrouter'];

const MIXES = {
  plain: tokenUsage({ inputTokens: 1_234, outputTokens: 567 }),
  cached: tokenUsage({ inputTokens: 54_321, cacheReadTokens: 30_000, cacheWriteTokens: 12_000, cacheWrite1hTokens: 5_000, outputTokens: 2_345 }),
  multimodal: tokenUsage({ inputTokens: 20_000, cacheReadTokens: 4_000, inputAudioTokens: 3_000, inputImageTokens: 2_500, outputTokens: 9_000, reasoningTokens: 4_000, outputAudioTokens: 1_000, outputImageTokens: 1_200 }),
  longContext: tokenUsage({ inputTokens: 310_000, cacheReadTokens: 150_000, cacheWriteTokens: 20_000, outputTokens: 8_000, reasoningTokens: 3_000 }),
};

const TIMES = ['2025-06-01T12:00:00Z', '2026-09-01T02:00:00Z'];

function firstEquals(match: MatchLogic): string | undefined {
  if ('equals' in match) return match.equals;
  if ('or' in match) return match.or.map(firstEquals).find((id) => id !== undefined);
  return undefined;
}

/** An id a span would carry: the model's id, or (Fireworks' "accounts/fireworks/models/…") the first id its matcher names. */
function spanId(model: ModelInfo, providerId: string): string {
  const probe = tokenUsage({ inputTokens: 1 });
  if (reference(probe, model.id, providerId, new Date()) !== null) return model.id;
  return firstEquals(model.match) ?? model.id;
}

describe('catalog sweep: the cached path equals calcPrice for every model', () => {
  let pricing: PricingService;
  beforeAll(async () => {
    pricing = await pricingService();
  });

  it.each(PROVIDERS)('%s', (providerId) => {
    const provider = pricing.catalog.providers.find((p) => p.id === providerId)!;
    expect(provider.models.length).toBeGreaterThan(0);
    let priced = 0;
    const mismatches: string[] = [];
    for (const model of provider.models) {
      const id = spanId(model, providerId);
      for (const when of TIMES) {
        const ms = Date.parse(when);
        const by = pricing.pricedAt(providerId, id, '', null, ms);
        for (const [mix, u] of Object.entries(MIXES)) {
          const ref = reference(u, id, providerId, new Date(ms));
          if (ref === null) {
            if (by !== null) mismatches.push(`${id}: priced by us, not by calcPrice`);
            continue;
          }
          if (by === null) {
            mismatches.push(`${id}: priced by calcPrice, not by us`);
            continue;
          }
          priced++;
          const c = computeCost(u, by.plan, u.inputTokens, NO_QUANTITIES);
          const input = c.inputCost + c.cacheReadCost + c.cacheWriteCost;
          if (by.model !== ref.model || c.totalCost !== ref.total || input !== ref.input || Math.abs(c.outputCost - ref.output) > 1) {
            mismatches.push(`${id} ${mix} ${when}: ours ${by.model} ${c.totalCost}/${input}/${c.outputCost}, calcPrice ${ref.model} ${ref.total}/${ref.input}/${ref.output}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(priced).toBeGreaterThan(0);
  });
});
