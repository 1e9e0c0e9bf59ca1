import { calcPrice } from '@pydantic/genai-prices';
import type { ModelSpec } from './fleet.js';

export interface CallUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * What the pricing catalog says a call costs, in nano-dollars, rounded as tokentally stores it;
 * null for a model the catalog does not price. The demo reports this figure, so a newcomer can
 * compare it with what the collector computed.
 */
export function catalogCostNanos(model: ModelSpec, usage: CallUsage, atMs: number): number | null {
  if (model.catalogProvider === null) return null;
  const price = calcPrice(
    { input_tokens: usage.input, output_tokens: usage.output, cache_read_tokens: usage.cacheRead, cache_write_tokens: usage.cacheWrite },
    model.model,
    { providerId: model.catalogProvider, timestamp: new Date(atMs) },
  );
  if (!price) throw new Error(`the pricing catalog does not price ${model.catalogProvider}/${model.model}; fix the demo fleet`);
  return Math.round(price.total_price * 1e9);
}
