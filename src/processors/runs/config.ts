import { configSchema, type TokentallyConfig } from '../../config/schema.js';

/** `processors.runs` of otel-config.yaml, defaults applied. */
export type RunsProcessorConfig = TokentallyConfig['processors']['runs'];

export function createDefaultConfig(): RunsProcessorConfig {
  return configSchema.parse({}).processors.runs;
}

/** Bounds and clock that are not (yet) config keys. */
export interface RunsProcessorOptions {
  /** Traces remembered at once; the least recently seen go first. */
  maxTraces?: number;
  /** Span links remembered across all traces. */
  maxSpans?: number;
  /** Failed (run, agent, operation, model) steps remembered to recognise their retries. */
  maxFailures?: number;
  /** Wall clock in milliseconds, for the memory's time limit. */
  now?: () => number;
}

export const DEFAULT_MAX_TRACES = 20_000;
export const DEFAULT_MAX_SPANS = 500_000;
export const DEFAULT_MAX_FAILURES = 50_000;
