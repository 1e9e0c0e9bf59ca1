import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/pricing/catalog.js';
import { isStandardTier, modelIdVariants, providerAlias, splitRouterPrefix } from '../../src/pricing/model-ids.js';

/** Provider and model ids as they appear in the wild -> [catalog provider, catalog model]. */
const WILD: Array<[provider: string, models: string[], expected: [string, string]]> = [
  ['openai', ['gpt-4o-2024-08-06'], ['openai', 'gpt-4o']],
  ['openai', ['openai/gpt-4o'], ['openai', 'gpt-4o']],
  ['anthropic', ['claude-3-5-sonnet-20241022'], ['anthropic', 'claude-3-5-sonnet']],
  ['aws.bedrock', ['us.anthropic.claude-3-5-sonnet-20241022-v2:0'], ['aws', 'regional.anthropic.claude-3-5-sonnet-20241022-v2:0']],
  ['aws.bedrock', ['eu.anthropic.claude-sonnet-4-20250514-v1:0'], ['aws', 'regional.anthropic.claude-sonnet-4-20250514-v1:0']],
  ['aws.bedrock', ['anthropic.claude-3-haiku-20240307-v1:0'], ['aws', 'regional.anthropic.claude-3-haiku-20240307-v1:0']],
  ['bedrock', ['amazon.nova-pro-v1:0'], ['aws', 'amazon.nova-pro-v1:0']],
  ['gcp.vertex_ai', ['claude-3-5-sonnet-v2@20241022'], ['google', 'claude-3-5-sonnet']],
  ['gcp.vertex_ai', ['gemini-1.5-pro-002'], ['google', 'gemini-1.5-pro']],
  ['gcp.gen_ai', ['models/gemini-2.0-flash'], ['google', 'gemini-2.0-flash']],
  ['gcp.gemini', ['gemini-2.5-flash'], ['google', 'gemini-2.5-flash']],
  ['vertex_ai', ['gemini-2.5-pro'], ['google', 'gemini-2.5-pro']],
  ['azure.ai.openai', ['gpt-4o-2024-08-06', 'my-prod-deployment'], ['azure', 'gpt-4o']],
  ['az.ai.openai', ['', 'gpt-4o-mini'], ['azure', 'gpt-4o-mini']],
  ['azure.ai.openai', ['my-prod-deployment', 'gpt-4o-mini'], ['azure', 'gpt-4o-mini']],
  ['x_ai', ['grok-2-1212'], ['x-ai', 'grok-2-1212']],
  ['mistral_ai', ['mistral-large-2411'], ['mistral', 'mistral-large']],
  ['openrouter', ['anthropic/claude-3.5-sonnet'], ['openrouter', 'anthropic/claude-3.5-sonnet']],
  ['', ['anthropic/claude-3-5-sonnet-20241022'], ['anthropic', 'claude-3-5-sonnet']],
  ['my-gateway', ['gpt-4o-mini'], ['openai', 'gpt-4o-mini']],
  ['api.openai.com', ['gpt-4o'], ['openai', 'gpt-4o']],
  ['litellm', ['anthropic/claude-3-haiku-20240307'], ['anthropic', 'claude-3-haiku']],
];

describe('model resolution', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await Catalog.load();
  });

  it.each(WILD)('%s %j', (provider, models, [expectedProvider, expectedModel]) => {
    const { match, steps } = catalog.resolve({ provider, models, serviceTier: null });
    expect(match, steps.join('\n')).not.toBeNull();
    expect([match!.provider.id, match!.model.id]).toEqual([expectedProvider, expectedModel]);
  });

  it('explains each step', () => {
    const { steps } = catalog.resolve({ provider: 'azure.ai.openai', models: ['my-deployment', 'gpt-4o-mini'], serviceTier: null });
    expect(steps[0]).toContain('"azure.ai.openai" is the OpenTelemetry name of catalog provider "azure"');
    expect(steps.some((s) => s.includes('"my-deployment" matches no catalog model'))).toBe(true);
    expect(steps.some((s) => s.includes('matches catalog model "gpt-4o-mini"'))).toBe(true);
  });

  it('leaves unknown models unresolved, with the reason', () => {
    const { match, steps } = catalog.resolve({ provider: 'openai', models: ['totally-private-model-7b'], serviceTier: null });
    expect(match).toBeNull();
    expect(steps.at(-1)).toContain('unpriced unless an override prices it');
  });

  it('uses a tier-specific catalog model where there is one (OpenRouter :batch routes), else standard prices', () => {
    const batch = catalog.resolve({ provider: 'openrouter', models: ['openai/gpt-6-luna'], serviceTier: 'batch' });
    expect(batch.match?.model.id).toBe('openai/gpt-6-luna:batch');
    const flex = catalog.resolve({ provider: 'openai', models: ['gpt-4o'], serviceTier: 'flex' });
    expect(flex.match?.model.id).toBe('gpt-4o');
    expect(flex.steps.some((s) => s.includes('service tier "flex": the catalog has no separate price'))).toBe(true);
  });

  it('normalises ids', () => {
    expect(providerAlias('AWS.Bedrock')).toBe('aws');
    expect(providerAlias('openai')).toBeUndefined();
    expect(modelIdVariants('claude-3-5-sonnet-v2@20241022')).toEqual(['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet-v2-20241022', 'claude-3-5-sonnet-v2']);
    expect(modelIdVariants('models/gemini-2.0-flash')).toEqual(['models/gemini-2.0-flash', 'gemini-2.0-flash']);
    expect(splitRouterPrefix('openai/gpt-4o')).toEqual(['openai', 'gpt-4o']);
    expect(splitRouterPrefix('gpt-4o')).toBeUndefined();
    expect(isStandardTier('default')).toBe(true);
    expect(isStandardTier('batch')).toBe(false);
  });
});
