import type { calcPrice as CalcPrice } from '@pydantic/genai-prices';
import { numberAt } from '../values.js';

export interface CostEstimateInput {
  /** genai-prices provider id: `openai`, `anthropic`. */
  provider: string;
  model?: string;
  /** Length of the request body's JSON, from which input tokens are estimated. */
  requestChars: number;
  /** The request's output cap, when it sets one. */
  maxOutputTokens?: number;
}

// A rough, tokenizer-free rule of thumb for English text and JSON; the estimate only reserves
// budget, and the committed span replaces it with the real cost.
const CHARS_PER_TOKEN = 4;

interface TokenPrices {
  inputUsd: number;
  outputUsd: number;
}

let calcPrice: Promise<typeof CalcPrice | undefined> | undefined;
// calcPrice matches the model against the whole catalog (~0.5 ms); prices are resolved once per
// model. Bounded, though an agent uses a handful of models.
const pricesByModel = new Map<string, TokenPrices | null>();
const MAX_MODELS = 1_000;
const SAMPLE_TOKENS = 1_000;

/**
 * The estimated cost of a model call before it is made: input from the request's size, output at
 * the request's output cap (0 when it sets none, so the estimate is then a lower bound). Undefined
 * when the model is not in the pricing catalog. Prices come from @pydantic/genai-prices, as the
 * collector's do (base tier: an estimate); the catalog is loaded on the first guarded call, not at
 * start-up.
 */
export async function estimateCostUsd(input: CostEstimateInput): Promise<number | undefined> {
  if (!input.model) return undefined;
  const prices = await tokenPrices(input.provider, input.model);
  if (!prices) return undefined;
  const inputTokens = Math.ceil(input.requestChars / CHARS_PER_TOKEN);
  return inputTokens * prices.inputUsd + (input.maxOutputTokens ?? 0) * prices.outputUsd;
}

async function tokenPrices(provider: string, model: string): Promise<TokenPrices | undefined> {
  const key = `${provider}\u0000${model}`;
  const known = pricesByModel.get(key);
  if (known !== undefined) return known ?? undefined;
  calcPrice ??= import('@pydantic/genai-prices').then(
    (prices) => prices.calcPrice,
    () => undefined,
  );
  const calc = await calcPrice;
  if (!calc) return undefined;
  let prices: TokenPrices | null = null;
  try {
    // Priced at a size below every long-context tier, for the base rates.
    const priceOf = (usage: { input_tokens: number; output_tokens: number }): number | undefined =>
      calc(usage, model, { providerId: provider })?.total_price;
    const input = priceOf({ input_tokens: SAMPLE_TOKENS, output_tokens: 0 });
    const output = priceOf({ input_tokens: 0, output_tokens: SAMPLE_TOKENS });
    if (input !== undefined && output !== undefined) prices = { inputUsd: input / SAMPLE_TOKENS, outputUsd: output / SAMPLE_TOKENS };
  } catch {
    // Unpriceable: remembered as such.
  }
  if (pricesByModel.size >= MAX_MODELS) pricesByModel.clear();
  pricesByModel.set(key, prices);
  return prices ?? undefined;
}

/** The output cap of an OpenAI chat / responses or Anthropic messages request body. */
export function maxOutputTokens(body: unknown): number | undefined {
  return numberAt(body, 'max_completion_tokens') ?? numberAt(body, 'max_output_tokens') ?? numberAt(body, 'max_tokens');
}
