import { configSchema, type TokentallyConfig } from '../../config/schema.js';

/**
 * `processors.cost` of otel-config.yaml. It has no keys of its own: prices and overrides live
 * in the `pricing` section, shared with the API and re-pricing.
 */
export type CostProcessorConfig = TokentallyConfig['processors']['cost'];

export function createDefaultConfig(): CostProcessorConfig {
  return configSchema.parse({}).processors.cost;
}
