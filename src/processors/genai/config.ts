import { configSchema, type TokentallyConfig } from '../../config/schema.js';

/** `processors.genai` of otel-config.yaml, defaults applied. */
export type GenaiProcessorConfig = TokentallyConfig['processors']['genai'];

export function createDefaultConfig(): GenaiProcessorConfig {
  return configSchema.parse({}).processors.genai;
}

/** Tuning that is not (yet) a config key. */
export interface GenaiProcessorOptions {
  /** Spans remembered to catch a model call nested in another across batches (see nested-calls.ts). */
  nestingMemorySpans?: number;
}

export const DEFAULT_NESTING_MEMORY_SPANS = 100_000;
