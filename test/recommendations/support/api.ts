import { configSchema } from '../../../src/config/schema.js';
import { Catalog } from '../../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../../src/pricing/override-store.js';
import { PricingService } from '../../../src/pricing/service.js';
import { RecommendationEngine } from '../../../src/recommendations/engine.js';
import { Reader } from '../../../src/storage/reader.js';
import type { ConfigDocument, TestServer } from '../../support/server.js';

export interface RecommendationsApi {
  url: string;
  engine: RecommendationEngine;
  get<T = Record<string, unknown>>(path: string, apiKey?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/**
 * The test server's own recommendations and workforce API, plus an engine built with the same
 * dependencies the service gives its own (for the budget-alert hook, which has no endpoint);
 * `doc` is the same partial otel-config.yaml the test server was started with.
 */
export async function startRecommendationsApi(server: TestServer, doc: ConfigDocument, clock: () => number): Promise<RecommendationsApi> {
  const config = configSchema.parse(doc);
  const reader = new Reader(server.service.db);
  const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new MemoryOverrideStore(), configOverrides: config.pricing.overrides });
  const engine = new RecommendationEngine({ reader, pricing, config: config.recommendations, clock });
  const url = server.apiUrl;
  return {
    url,
    engine,
    async get<T>(path: string, apiKey?: string) {
      const res = await fetch(`${url}${path}`, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
      return { status: res.status, body: (await res.json()) as T };
    },
    async stop() {
      reader.close();
    },
  };
}
