import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../src/pipeline/records.js';
import type { PricingService } from '../../src/pricing/service.js';
import { makeCall } from '../support/records.js';
import { pricingService, reference } from './helpers/usage.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

/**
 * Real calls as spans name them, priced end to end (id resolution, cache, calculator) and
 * compared with calcPrice of @pydantic/genai-prices to the nano-dollar. `lib` is how the
 * library itself is asked, where the span's names are not the library's (OpenTelemetry
 * provider names, an Azure deployment as request model).
 */
interface Case {
  name: string;
  provider: string;
  model: string;
  requestModel?: string;
  at: string;
  usage: Partial<TokenUsage>;
  serviceTier?: string;
  lib?: { provider?: string; model?: string };
  expectModel: string;
}

const at = '2025-09-01T12:00:00Z';
const plain = { inputTokens: 1_200, outputTokens: 350 };
const cached = { inputTokens: 12_000, cacheReadTokens: 9_000, outputTokens: 800 };
const anthropicCache = { inputTokens: 30_000, cacheReadTokens: 20_000, cacheWriteTokens: 6_000, outputTokens: 1_500 };

const CASES: Case[] = [
  // OpenAI: dated snapshots, old names, cache reads, reasoning, audio, images, embeddings.
  { name: 'openai gpt-4o dated snapshot', provider: 'openai', model: 'gpt-4o-2024-08-06', at, usage: plain, expectModel: 'gpt-4o' },
  { name: 'openai gpt-4o cached', provider: 'openai', model: 'gpt-4o', at, usage: cached, expectModel: 'gpt-4o' },
  { name: 'openai gpt-4o-mini cached', provider: 'openai', model: 'gpt-4o-mini-2024-07-18', at, usage: cached, expectModel: 'gpt-4o-mini' },
  { name: 'openai gpt-4.1 cached', provider: 'openai', model: 'gpt-4.1', at, usage: cached, expectModel: 'gpt-4.1' },
  { name: 'openai gpt-5 reasoning and cache', provider: 'openai', model: 'gpt-5', at, usage: { inputTokens: 40_000, cacheReadTokens: 30_000, outputTokens: 9_000, reasoningTokens: 7_000 }, expectModel: 'gpt-5' },
  { name: 'openai o1 reasoning', provider: 'openai', model: 'o1', at, usage: { inputTokens: 5_000, outputTokens: 12_000, reasoningTokens: 10_000 }, expectModel: 'o1' },
  { name: 'openai o4-mini reasoning', provider: 'openai', model: 'o4-mini', at, usage: { inputTokens: 2_000, outputTokens: 4_000, reasoningTokens: 3_500 }, expectModel: 'o4-mini' },
  { name: 'openai o3 before its price cut', provider: 'openai', model: 'o3', at: '2025-05-01T12:00:00Z', usage: { inputTokens: 10_000, outputTokens: 5_000, reasoningTokens: 4_000 }, expectModel: 'o3' },
  { name: 'openai o3 after its price cut', provider: 'openai', model: 'o3', at: '2025-06-11T12:00:00Z', usage: { inputTokens: 10_000, outputTokens: 5_000, reasoningTokens: 4_000 }, expectModel: 'o3' },
  { name: 'openai gpt-4-0613 (old name)', provider: 'openai', model: 'gpt-4-0613', at, usage: plain, expectModel: 'gpt-4' },
  { name: 'openai gpt-3.5-turbo-0125 (old name)', provider: 'openai', model: 'gpt-3.5-turbo-0125', at, usage: plain, expectModel: 'gpt-3.5-turbo' },
  { name: 'openai embeddings', provider: 'openai', model: 'text-embedding-3-small', at, usage: { inputTokens: 80_000 }, expectModel: 'text-embedding-3-small' },
  { name: 'openai realtime audio in and out, cached', provider: 'openai', model: 'gpt-4o-realtime-preview', at, usage: { inputTokens: 9_000, inputAudioTokens: 4_000, cacheReadTokens: 3_000, outputTokens: 2_500, outputAudioTokens: 2_000 }, expectModel: 'gpt-4o-realtime-preview' },
  { name: 'openai gpt-realtime images', provider: 'openai', model: 'gpt-realtime', at, usage: { inputTokens: 6_000, inputImageTokens: 1_500, inputAudioTokens: 1_000, outputTokens: 900, outputAudioTokens: 600 }, expectModel: 'gpt-realtime' },
  { name: 'openai gpt-image-1', provider: 'openai', model: 'gpt-image-1', at, usage: { inputTokens: 1_300, inputImageTokens: 1_000, outputTokens: 4_160 }, expectModel: 'gpt-image-1' },
  // Anthropic: cache writes (5-minute and 1-hour), long-context tiers, dated tier removal, old names.
  { name: 'anthropic claude-3-5-sonnet cache read and write', provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', at, usage: anthropicCache, expectModel: 'claude-3-5-sonnet' },
  { name: 'anthropic claude-3-5-sonnet-latest', provider: 'anthropic', model: 'claude-3-5-sonnet-latest', at, usage: plain, expectModel: 'claude-3-5-sonnet' },
  { name: 'anthropic claude-sonnet-4 1-hour cache writes', provider: 'anthropic', model: 'claude-sonnet-4-20250514', at, usage: { ...anthropicCache, cacheWrite1hTokens: 4_000 }, expectModel: 'claude-sonnet-4-0' },
  { name: 'anthropic claude-sonnet-4-5 under the long-context tier', provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', at, usage: { inputTokens: 150_000, cacheReadTokens: 100_000, cacheWriteTokens: 20_000, outputTokens: 3_000 }, expectModel: 'claude-sonnet-4-5' },
  { name: 'anthropic claude-sonnet-4-5 over the long-context tier', provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', at, usage: { inputTokens: 250_000, cacheReadTokens: 180_000, cacheWriteTokens: 20_000, cacheWrite1hTokens: 5_000, outputTokens: 3_000 }, expectModel: 'claude-sonnet-4-5' },
  { name: 'anthropic claude-opus-4-6 tiered before 2026-03-13', provider: 'anthropic', model: 'claude-opus-4-6', at: '2026-03-12T23:59:59Z', usage: { inputTokens: 300_000, cacheReadTokens: 100_000, outputTokens: 5_000 }, expectModel: 'claude-opus-4-6' },
  { name: 'anthropic claude-opus-4-6 flat from 2026-03-13', provider: 'anthropic', model: 'claude-opus-4-6', at: '2026-03-13T00:00:00Z', usage: { inputTokens: 300_000, cacheReadTokens: 100_000, outputTokens: 5_000 }, expectModel: 'claude-opus-4-6' },
  { name: 'anthropic claude-3-haiku', provider: 'anthropic', model: 'claude-3-haiku-20240307', at, usage: anthropicCache, expectModel: 'claude-3-haiku' },
  { name: 'anthropic claude-3-opus (old name)', provider: 'anthropic', model: 'claude-3-opus-20240229', at, usage: anthropicCache, expectModel: 'claude-3-opus-latest' },
  { name: 'anthropic claude-2.1 (old name)', provider: 'anthropic', model: 'claude-2.1', at, usage: plain, expectModel: 'claude-2' },
  // Google: OpenTelemetry provider names, tiers, audio, Vertex ids.
  { name: 'gcp.gemini gemini-2.5-pro over 200k', provider: 'gcp.gemini', model: 'gemini-2.5-pro', at, usage: { inputTokens: 240_000, cacheReadTokens: 60_000, outputTokens: 4_000, reasoningTokens: 2_500 }, lib: { provider: 'google' }, expectModel: 'gemini-2.5-pro' },
  { name: 'gcp.gemini gemini-2.5-pro under 200k', provider: 'gcp.gemini', model: 'gemini-2.5-pro', at, usage: { inputTokens: 40_000, outputTokens: 4_000, reasoningTokens: 2_500 }, lib: { provider: 'google' }, expectModel: 'gemini-2.5-pro' },
  { name: 'gcp.vertex_ai gemini-1.5-pro-002 over 128k', provider: 'gcp.vertex_ai', model: 'gemini-1.5-pro-002', at, usage: { inputTokens: 130_000, outputTokens: 2_000 }, lib: { provider: 'google' }, expectModel: 'gemini-1.5-pro' },
  { name: 'gcp.gen_ai gemini-2.0-flash audio and cache', provider: 'gcp.gen_ai', model: 'gemini-2.0-flash', at, usage: { inputTokens: 20_000, inputAudioTokens: 8_000, cacheReadTokens: 5_000, outputTokens: 1_000 }, lib: { provider: 'google' }, expectModel: 'gemini-2.0-flash' },
  { name: 'google gemini-2.5-flash cached', provider: 'google', model: 'gemini-2.5-flash', at, usage: cached, expectModel: 'gemini-2.5-flash' },
  { name: 'gcp.vertex_ai Claude with @ date', provider: 'gcp.vertex_ai', model: 'claude-3-5-sonnet-v2@20241022', at, usage: anthropicCache, lib: { provider: 'google' }, expectModel: 'claude-3-5-sonnet' },
  // AWS Bedrock ids: region prefixes, version suffixes, ARNs.
  { name: 'aws.bedrock cross-region Claude cached', provider: 'aws.bedrock', model: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', at, usage: anthropicCache, lib: { provider: 'aws' }, expectModel: 'regional.anthropic.claude-3-5-sonnet-20241022-v2:0' },
  { name: 'aws.bedrock Claude 3 Haiku', provider: 'aws.bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0', at, usage: plain, lib: { provider: 'aws' }, expectModel: 'regional.anthropic.claude-3-haiku-20240307-v1:0' },
  { name: 'aws.bedrock inference-profile ARN', provider: 'aws.bedrock', model: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0', at, usage: anthropicCache, lib: { provider: 'aws' }, expectModel: 'regional.anthropic.claude-3-7-sonnet-20250219-v1:0' },
  { name: 'aws.bedrock Nova Pro cached', provider: 'aws.bedrock', model: 'amazon.nova-pro-v1:0', at, usage: cached, lib: { provider: 'aws' }, expectModel: 'amazon.nova-pro-v1:0' },
  { name: 'aws.bedrock Llama', provider: 'aws.bedrock', model: 'meta.llama3-1-70b-instruct-v1:0', at, usage: plain, lib: { provider: 'aws' }, expectModel: 'meta.llama3-1-70b-instruct-v1:0' },
  // Azure OpenAI: the deployment name is the request model; the response model is the real one.
  { name: 'azure.ai.openai deployment, real model in the response', provider: 'azure.ai.openai', model: 'gpt-4o-2024-08-06', requestModel: 'prod-gpt4o-eastus', at, usage: cached, lib: { provider: 'azure' }, expectModel: 'gpt-4o' },
  { name: 'azure.ai.openai no response model', provider: 'azure.ai.openai', model: '', requestModel: 'gpt-4o-mini', at, usage: plain, lib: { provider: 'azure', model: 'gpt-4o-mini' }, expectModel: 'gpt-4o-mini' },
  // Mistral, DeepSeek (time-of-day discount), xAI, Groq, Cohere, Perplexity (reasoning priced apart).
  { name: 'mistral_ai mistral-large-2411', provider: 'mistral_ai', model: 'mistral-large-2411', at, usage: plain, lib: { provider: 'mistral' }, expectModel: 'mistral-large' },
  { name: 'mistral_ai mistral-small-latest', provider: 'mistral_ai', model: 'mistral-small-latest', at, usage: plain, lib: { provider: 'mistral' }, expectModel: 'mistral-small-latest' },
  { name: 'deepseek-chat in the discount window', provider: 'deepseek', model: 'deepseek-chat', at: '2025-09-01T17:00:00Z', usage: cached, expectModel: 'deepseek-chat' },
  { name: 'deepseek-chat at standard hours', provider: 'deepseek', model: 'deepseek-chat', at: '2025-09-01T03:00:00Z', usage: cached, expectModel: 'deepseek-chat' },
  { name: 'deepseek-reasoner reasoning', provider: 'deepseek', model: 'deepseek-reasoner', at, usage: { inputTokens: 3_000, cacheReadTokens: 1_000, outputTokens: 6_000, reasoningTokens: 5_000 }, expectModel: 'deepseek-reasoner' },
  { name: 'x_ai grok-3 cached', provider: 'x_ai', model: 'grok-3', at, usage: cached, lib: { provider: 'x-ai' }, expectModel: 'grok-3' },
  { name: 'x_ai grok-2-1212', provider: 'x_ai', model: 'grok-2-1212', at, usage: plain, lib: { provider: 'x-ai' }, expectModel: 'grok-2-1212' },
  { name: 'groq llama-3.3-70b', provider: 'groq', model: 'llama-3.3-70b-versatile', at, usage: plain, expectModel: 'llama-3.3-70b-versatile' },
  { name: 'cohere command-r-plus', provider: 'cohere', model: 'command-r-plus', at, usage: plain, expectModel: 'command-r-plus' },
  { name: 'perplexity sonar-deep-research reasoning priced apart', provider: 'perplexity', model: 'sonar-deep-research', at, usage: { inputTokens: 2_000, outputTokens: 9_000, reasoningTokens: 6_000 }, expectModel: 'sonar-deep-research' },
  // Routers: OpenRouter ids, a provider/model id with no provider, Together's org/model ids.
  { name: 'openrouter anthropic/claude-3.5-sonnet', provider: 'openrouter', model: 'anthropic/claude-3.5-sonnet', at, usage: plain, expectModel: 'anthropic/claude-3.5-sonnet' },
  { name: 'provider/model id without a provider', provider: '', model: 'openai/gpt-4o', at, usage: cached, lib: { provider: 'openai', model: 'gpt-4o' }, expectModel: 'gpt-4o' },
  { name: 'together org/model id', provider: 'together_ai', model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', at, usage: plain, lib: { provider: 'together' }, expectModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' },
];

describe('real calls priced like calcPrice of @pydantic/genai-prices', () => {
  let pricing: PricingService;
  beforeAll(async () => {
    pricing = await pricingService();
  });

  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('$name', (c) => {
    const u = tokenUsage(c.usage);
    const startUs = Date.parse(c.at) * 1000;
    const call = makeCall({ provider: c.provider, responseModel: c.model, requestModel: c.requestModel ?? c.model, startUs, serviceTier: c.serviceTier ?? null, ...u });
    pricing.priceCall(call);
    const ref = reference(u, c.lib?.model ?? c.model, c.lib?.provider ?? c.provider, new Date(c.at));

    expect(ref, 'calcPrice prices the case').not.toBeNull();
    expect(call.priceSource).toBe('catalog');
    expect(call.pricedModel).toBe(c.expectModel);
    expect(ref!.model).toBe(c.expectModel);
    const cost = call.cost!;
    expect(Math.abs(cost.totalCost - ref!.total)).toBeLessThanOrEqual(1);
    expect(Math.abs(cost.inputCost + cost.cacheReadCost + cost.cacheWriteCost - ref!.input)).toBeLessThanOrEqual(1);
    expect(Math.abs(cost.outputCost - ref!.output)).toBeLessThanOrEqual(1);
    expect(cost.inputCost + cost.cacheReadCost + cost.cacheWriteCost + cost.outputCost + cost.otherCost).toBe(cost.totalCost);
    expect(cost.reasoningCost).toBeLessThanOrEqual(cost.outputCost);
  });

  it('prices the dated and time-of-day cases differently, as the catalog says', () => {
    const price = (model: string, provider: string, when: string) => {
      const call = makeCall({ provider, responseModel: model, requestModel: model, startUs: Date.parse(when) * 1000, ...tokenUsage({ inputTokens: 300_000, cacheReadTokens: 100_000, outputTokens: 5_000 }) });
      pricing.priceCall(call);
      return call.cost!.totalCost;
    };
    expect(price('o3', 'openai', '2025-05-01T12:00:00Z')).toBeGreaterThan(price('o3', 'openai', '2025-06-11T12:00:00Z'));
    expect(price('claude-opus-4-6', 'anthropic', '2026-03-12T23:59:59Z')).toBeGreaterThan(price('claude-opus-4-6', 'anthropic', '2026-03-13T00:00:00Z'));
    expect(price('deepseek-chat', 'deepseek', '2025-09-01T17:00:00Z')).toBeLessThan(price('deepseek-chat', 'deepseek', '2025-09-01T03:00:00Z'));
  });
});
