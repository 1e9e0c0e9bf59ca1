import { calcPrice, findProvider, waitForUpdate, type ModelInfo, type Provider } from '@pydantic/genai-prices';
import { isStandardTier, modelIdVariants, normaliseProviderName, providerAlias, providerUrl, splitRouterPrefix } from './model-ids.js';

export interface CatalogMatch {
  provider: Provider;
  model: ModelInfo;
  /** The id (after normalisation) that the catalog matched. */
  matchedId: string;
}

/** How one (provider, model) pair resolved, with every step explained (GET /v1/pricing/lookup). */
export interface Resolution {
  match: CatalogMatch | null;
  steps: string[];
}

export interface ResolveInput {
  provider: string;
  /** Tried in order: the response model, then the request model (an Azure deployment name). */
  models: readonly string[];
  serviceTier: string | null;
}

/**
 * The bundled @pydantic/genai-prices catalog. Matching is the library's own: a zero-usage
 * calcPrice answers which provider and model an id is, including its snapshot and region rules.
 * This class adds only what the library lacks (model-ids.ts) and the explanation of each step.
 */
export class Catalog {
  constructor(readonly providers: readonly Provider[]) {}

  /** The library's active data (the bundled snapshot: tokentally never fetches prices remotely). */
  static async load(): Promise<Catalog> {
    return new Catalog((await waitForUpdate()) ?? []);
  }

  resolve(input: ResolveInput): Resolution {
    const steps: string[] = [];
    const provider = this.findProviderFor(input.provider, steps);
    const tier = isStandardTier(input.serviceTier) ? null : input.serviceTier!.trim().toLowerCase();
    const seen = new Set<string>();
    for (const model of input.models) {
      if (model.trim() === '' || seen.has(model)) continue;
      seen.add(model);
      const match = this.resolveModel(provider, model, tier, steps);
      if (match) return { match, steps };
    }
    if (seen.size === 0) steps.push('the call names no model');
    steps.push('no catalog model matches: the call is unpriced unless an override prices it');
    return { match: null, steps };
  }

  /** Every provider id and model of the catalog, for GET /v1/pricing. */
  models(): Array<{ provider: Provider; model: ModelInfo }> {
    return this.providers.flatMap((provider) => provider.models.map((model) => ({ provider, model })));
  }

  private findProviderFor(name: string, steps: string[]): Provider | undefined {
    const trimmed = normaliseProviderName(name);
    if (trimmed === '') {
      steps.push('the call names no provider: matching the model across catalog providers');
      return undefined;
    }
    const alias = providerAlias(trimmed);
    const url = providerUrl(trimmed);
    const provider = url ? findProvider({ providerApiUrl: url }) : findProvider({ providerId: alias ?? trimmed });
    if (provider) {
      const how = alias ? `"${trimmed}" is the OpenTelemetry name of` : url ? `the API address ${url} belongs to` : `"${trimmed}" matches`;
      steps.push(`provider: ${how} catalog provider "${provider.id}"`);
    } else {
      steps.push(`provider: "${trimmed}" is not a catalog provider: matching the model across catalog providers`);
    }
    return provider;
  }

  private resolveModel(provider: Provider | undefined, model: string, tier: string | null, steps: string[]): CatalogMatch | null {
    if (tier !== null) {
      const tiered = this.match(provider, `${model.trim()}:${tier}`);
      // Only a model priced for the tier counts: a prefix match on the plain model would hide the tier.
      if (tiered && tiered.model.id.toLowerCase().endsWith(`:${tier}`)) {
        steps.push(`model: "${tiered.matchedId}" (service tier ${tier}) matches catalog model "${tiered.model.id}" of "${tiered.provider.id}"`);
        return tiered;
      }
      steps.push(`service tier "${tier}": the catalog has no separate price for "${model}", standard prices apply`);
    }
    for (const id of modelIdVariants(model)) {
      const match = this.match(provider, id);
      if (match) {
        const normalised = id === model.trim() ? '' : ` (normalised from "${model}")`;
        steps.push(`model: "${id}"${normalised} matches catalog model "${match.model.id}" of "${match.provider.id}"`);
        return match;
      }
    }
    const split = splitRouterPrefix(model.trim());
    if (split) {
      const [prefix, rest] = split;
      const routed = findProvider({ providerId: providerAlias(prefix) ?? prefix });
      if (routed) {
        const match = this.match(routed, rest);
        if (match) {
          steps.push(`model: "${model}" names provider "${prefix}"; "${rest}" matches catalog model "${match.model.id}" of "${match.provider.id}"`);
          return match;
        }
      }
    }
    steps.push(`model: "${model}" matches no catalog model${provider ? ` of "${provider.id}"` : ''}`);
    return null;
  }

  private match(provider: Provider | undefined, id: string): CatalogMatch | null {
    try {
      const result = calcPrice({}, id, provider ? { providerId: provider.id } : {});
      return result ? { provider: result.provider, model: result.model, matchedId: id } : null;
    } catch {
      // The library validates a model's price set while pricing; a broken entry is as good as absent.
      return null;
    }
  }
}
