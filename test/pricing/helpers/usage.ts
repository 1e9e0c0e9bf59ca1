import { calcPrice, type Usage } from '@pydantic/genai-prices';
import type { TokenUsage } from '../../../src/pipeline/records.js';
import { Catalog } from '../../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../../src/pricing/override-store.js';
import { PricingService } from '../../../src/pricing/service.js';

/**
 * TokenUsage as @pydantic/genai-prices counts it. The overlaps tokentally cannot know (how many
 * cached tokens were audio…) are given as 0, which is also what our calculator assumes; the
 * library insists on a value when both overlapping parts are positive.
 */
export function libraryUsage(u: TokenUsage): Usage {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_read_tokens: u.cacheReadTokens,
    cache_write_tokens: u.cacheWriteTokens,
    cache_write_1h_tokens: u.cacheWrite1hTokens,
    output_reasoning_tokens: u.reasoningTokens,
    input_audio_tokens: u.inputAudioTokens,
    output_audio_tokens: u.outputAudioTokens,
    input_image_tokens: u.inputImageTokens,
    output_image_tokens: u.outputImageTokens,
    cache_audio_read_tokens: 0,
    cache_image_read_tokens: 0,
    cache_audio_write_tokens: 0,
    cache_image_write_tokens: 0,
    cache_audio_write_1h_tokens: 0,
    cache_image_write_1h_tokens: 0,
    output_audio_reasoning_tokens: 0,
    output_image_reasoning_tokens: 0,
  };
}

export interface Reference {
  model: string;
  total: number;
  input: number;
  output: number;
}

/** calcPrice in nano-dollars: the reference every price here must equal. */
export function reference(u: TokenUsage, model: string, providerId: string | undefined, at: Date): Reference | null {
  const r = calcPrice(libraryUsage(u), model, { ...(providerId ? { providerId } : {}), timestamp: at });
  if (!r) return null;
  return { model: r.model.id, total: Math.round(r.total_price * 1e9), input: Math.round(r.input_price * 1e9), output: Math.round(r.output_price * 1e9) };
}

let catalog: Promise<Catalog> | undefined;

/** A PricingService on the bundled catalog with in-memory overrides. */
export async function pricingService(configOverrides: unknown[] = []): Promise<PricingService> {
  catalog ??= Catalog.load();
  return PricingService.create({ catalog: await catalog, store: new MemoryOverrideStore(), configOverrides });
}
