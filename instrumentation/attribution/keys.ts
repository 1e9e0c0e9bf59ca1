/**
 * The attribute names that tokentally reads (DESIGN.md, "The span contract"). The attribution
 * keys double as W3C baggage keys, so a downstream process stamps its spans with the same names
 * without any mapping.
 */
export const RUN_ID = 'tokentally.run_id';
export const AGENT_NAME = 'gen_ai.agent.name';
export const TASK_TYPE = 'tokentally.task_type';
export const SESSION_ID = 'session.id';

export const ATTRIBUTION_KEYS = [RUN_ID, AGENT_NAME, TASK_TYPE, SESSION_ID] as const;
export type AttributionKey = (typeof ATTRIBUTION_KEYS)[number];

export const COST_USD = 'tokentally.cost.usd';
export const COST_CATEGORY = 'tokentally.category';
export const COST_NAME = 'tokentally.cost.name';
export const RESERVATION_ID = 'tokentally.reservation_id';
export const REQUEST_HASH = 'tokentally.request_hash';

/** Current GenAI semantic-convention names the instrumentation writes. */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens',
  reasoningTokens: 'gen_ai.usage.reasoning.output_tokens',
} as const;

/** Operations whose spans are model calls, i.e. the spans tokentally prices. */
export const MODEL_CALL_OPERATIONS: ReadonlySet<string> = new Set([
  'chat',
  'text_completion',
  'generate_content',
  'embeddings',
]);
