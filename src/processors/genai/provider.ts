/**
 * Provider names as instrumentations spell them (`aws.bedrock`, `gcp.vertex_ai`, `x_ai`,
 * `Anthropic`, `mistralai`, …) and server addresses, mapped to the provider ids of the pricing
 * catalog (@pydantic/genai-prices: openai, anthropic, google, azure, aws, x-ai, mistral, …), so
 * that every source of one provider lands on one id that the cost processor can price.
 */

/** Keyed by the name lowercased with everything but letters and digits removed. */
const PROVIDER_BY_SQUASHED_NAME: ReadonlyMap<string, string> = new Map([
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
  ['awsbedrock', 'aws'],
  ['amazonbedrock', 'aws'],
  ['bedrock', 'aws'],
  ['aws', 'aws'],
  ['gcpvertexai', 'google'],
  ['gcpgemini', 'google'],
  ['gcpgenai', 'google'],
  ['vertexai', 'google'],
  ['vertex', 'google'],
  ['gemini', 'google'],
  ['google', 'google'],
  ['googlegenai', 'google'],
  ['googlevertex', 'google'],
  ['googlevertexai', 'google'],
  ['googlegla', 'google'],
  ['googleai', 'google'],
  ['azureaiopenai', 'azure'],
  ['azaiopenai', 'azure'],
  ['azureaiinference', 'azure'],
  ['azaiinference', 'azure'],
  ['azureopenai', 'azure'],
  ['azure', 'azure'],
  ['xai', 'x-ai'],
  ['grok', 'x-ai'],
  ['mistralai', 'mistral'],
  ['mistral', 'mistral'],
  ['deepseek', 'deepseek'],
  ['groq', 'groq'],
  ['cohere', 'cohere'],
  ['perplexity', 'perplexity'],
  ['moonshotai', 'moonshotai'],
  ['moonshot', 'moonshotai'],
  ['openrouter', 'openrouter'],
  ['togetherai', 'together'],
  ['together', 'together'],
  ['fireworksai', 'fireworks'],
  ['fireworks', 'fireworks'],
  ['cerebras', 'cerebras'],
  ['voyageai', 'voyageai'],
  ['voyage', 'voyageai'],
  ['zhipuai', 'zhipuai'],
  ['zhipu', 'zhipuai'],
]);

const PROVIDER_BY_HOST: ReadonlyMap<string, string> = new Map([
  ['api.openai.com', 'openai'],
  ['api.anthropic.com', 'anthropic'],
  ['generativelanguage.googleapis.com', 'google'],
  ['aiplatform.googleapis.com', 'google'],
  ['api.groq.com', 'groq'],
  ['api.mistral.ai', 'mistral'],
  ['api.deepseek.com', 'deepseek'],
  ['api.x.ai', 'x-ai'],
  ['openrouter.ai', 'openrouter'],
  ['api.openrouter.ai', 'openrouter'],
  ['api.cohere.com', 'cohere'],
  ['api.cohere.ai', 'cohere'],
  ['api.perplexity.ai', 'perplexity'],
  ['api.together.xyz', 'together'],
  ['api.fireworks.ai', 'fireworks'],
  ['api.moonshot.ai', 'moonshotai'],
  ['api.moonshot.cn', 'moonshotai'],
  ['api.cerebras.ai', 'cerebras'],
]);

const PROVIDER_BY_HOST_SUFFIX: readonly (readonly [suffix: string, provider: string])[] = [
  ['.openai.azure.com', 'azure'],
  ['.services.ai.azure.com', 'azure'],
  ['.cognitiveservices.azure.com', 'azure'],
  ['.models.ai.azure.com', 'azure'],
  ['.inference.ai.azure.com', 'azure'],
  ['.azure-api.net', 'azure'],
  // Regional Vertex AI endpoints: us-central1-aiplatform.googleapis.com.
  ['-aiplatform.googleapis.com', 'google'],
];

/**
 * Provider and host strings repeat across millions of spans but take few distinct values, so
 * each is normalised once. Bounded, so a sender inventing names cannot grow it without limit.
 */
const MAX_CACHED = 4096;
const byName = new Map<string, string>();
const byHost = new Map<string, string>();

/** The catalog id for a provider name; an unknown name is kept, lowercased. */
export function providerFromName(name: string): string {
  let id = byName.get(name);
  if (id === undefined) {
    const lower = name.trim().toLowerCase();
    id = PROVIDER_BY_SQUASHED_NAME.get(lower.replace(/[^a-z0-9]/g, '')) ?? lower;
    remember(byName, name, id);
  }
  return id;
}

/** The catalog id for a server address (host, or a URL), or '' when the host is not known. */
export function providerFromHost(address: string): string {
  let id = byHost.get(address);
  if (id === undefined) {
    id = lookUpHost(hostOf(address));
    remember(byHost, address, id);
  }
  return id;
}

function lookUpHost(host: string): string {
  const exact = PROVIDER_BY_HOST.get(host);
  if (exact !== undefined) return exact;
  for (const [suffix, provider] of PROVIDER_BY_HOST_SUFFIX) {
    if (host.endsWith(suffix)) return provider;
  }
  if (host.startsWith('bedrock-runtime') && host.endsWith('.amazonaws.com')) return 'aws';
  return '';
}

function hostOf(address: string): string {
  const trimmed = address.trim().toLowerCase();
  if (!trimmed.includes('/')) return trimmed.replace(/:\d+$/, '');
  try {
    return new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`).hostname;
  } catch {
    return trimmed;
  }
}

function remember(cache: Map<string, string>, key: string, id: string): void {
  if (cache.size < MAX_CACHED) cache.set(key, id);
}
