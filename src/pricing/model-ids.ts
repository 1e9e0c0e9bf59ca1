/**
 * The id normalisation @pydantic/genai-prices lacks. The library already matches dated
 * snapshots (gpt-4o-2024-08-06), Bedrock ids with region prefixes, version suffixes and ARNs
 * (us.anthropic.claude-3-5-sonnet-20241022-v2:0), Vertex's Claude ids (claude-sonnet-4@20250514)
 * and OpenRouter's own ids; what it does not know are the provider names the OpenTelemetry
 * semantic conventions use, nor ids that carry a provider prefix for a router.
 */

/**
 * gen_ai.provider.name values (and deprecated gen_ai.system values) -> catalog provider ids,
 * where the library's own provider matching would miss or pick the wrong provider
 * (azure.ai.openai would otherwise match "openai" rather than Azure).
 */
const PROVIDER_ALIASES: ReadonlyMap<string, string> = new Map([
  ['aws.bedrock', 'aws'],
  ['bedrock', 'aws'],
  ['amazon_bedrock', 'aws'],
  ['azure.ai.openai', 'azure'],
  ['az.ai.openai', 'azure'],
  ['azure.ai.inference', 'azure'],
  ['az.ai.inference', 'azure'],
  ['azure_openai', 'azure'],
  ['gcp.vertex_ai', 'google'],
  ['gcp.gen_ai', 'google'],
  ['gcp.gemini', 'google'],
  ['vertex_ai', 'google'],
  ['vertexai', 'google'],
  ['gemini', 'google'],
  ['google_genai', 'google'],
  ['x_ai', 'x-ai'],
  ['xai', 'x-ai'],
  ['mistral_ai', 'mistral'],
  ['fireworks_ai', 'fireworks'],
  ['together_ai', 'together'],
  ['moonshot', 'moonshotai'],
  ['zhipu', 'zhipuai'],
]);

export function normaliseProviderName(name: string): string {
  return name.trim().toLowerCase();
}

/** The catalog provider id an alias stands for, or undefined when `name` is not an alias. */
export function providerAlias(name: string): string | undefined {
  return PROVIDER_ALIASES.get(normaliseProviderName(name));
}

/** A provider given as a host or URL (the span's server.address fallback), as a URL. */
export function providerUrl(name: string): string | undefined {
  const n = normaliseProviderName(name);
  if (/^https?:\/\//.test(n)) return n;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/.test(n) && !PROVIDER_ALIASES.has(n) ? `https://${n}` : undefined;
}

/** Tiers priced as the default: anything else is tried as a `model:tier` id first. */
const STANDARD_TIERS = new Set(['', 'default', 'standard', 'auto', 'on_demand', 'on-demand', 'scale']);

export function isStandardTier(tier: string | null): boolean {
  // The exact-value check first: it is the hot path's answer for "default" without allocating.
  return tier === null || STANDARD_TIERS.has(tier) || STANDARD_TIERS.has(tier.trim().toLowerCase());
}

/**
 * The ids to try for a model, in order: as given, then with Vertex "@version" turned into a
 * "-version" suffix and then dropped, then without the Gemini API's "models/" prefix.
 */
export function modelIdVariants(model: string): string[] {
  const id = model.trim();
  if (id === '') return [];
  const variants = [id];
  const at = id.indexOf('@');
  if (at > 0) variants.push(`${id.slice(0, at)}-${id.slice(at + 1)}`, id.slice(0, at));
  if (id.startsWith('models/')) variants.push(id.slice('models/'.length));
  return [...new Set(variants)];
}

/** "openai/gpt-4o" -> ["openai", "gpt-4o"]; undefined when there is no prefix to split. */
export function splitRouterPrefix(model: string): [string, string] | undefined {
  const slash = model.indexOf('/');
  if (slash <= 0 || slash === model.length - 1) return undefined;
  return [model.slice(0, slash), model.slice(slash + 1)];
}
