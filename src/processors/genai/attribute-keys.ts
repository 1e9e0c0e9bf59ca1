/**
 * Every span attribute the genai processor reads, as one table: which field it fills, in which
 * precedence (earlier rows of a field win), and whether it becomes a column of a call or an
 * activity row (and so is left out of that row's `attributes` JSON). README.md ("Span attributes read") documents the
 * same table for users; keep the two in step.
 */

/** The fields of a span the processor extracts; indexes into SpanReader's slot arrays. */
export const F = {
  operation: 0,
  provider: 1,
  serverAddress: 2,
  responseModel: 3,
  requestModel: 4,
  inputTokens: 5,
  outputTokens: 6,
  totalTokens: 7,
  cacheReadTokens: 8,
  cacheWriteTokens: 9,
  cacheWrite5mTokens: 10,
  cacheWrite1hTokens: 11,
  reasoningTokens: 12,
  inputAudioTokens: 13,
  outputAudioTokens: 14,
  inputImageTokens: 15,
  outputImageTokens: 16,
  costUsd: 17,
  costName: 18,
  category: 19,
  taskType: 20,
  sessionId: 21,
  runId: 22,
  agentName: 23,
  agentId: 24,
  attempt: 25,
  reservationId: 26,
  requestHash: 27,
  serviceTier: 28,
  errorType: 29,
  toolName: 30,
  outputType: 31,
  responseId: 32,
} as const;

export type FieldId = (typeof F)[keyof typeof F];
export const FIELD_COUNT = 33;

export interface KeySpec {
  field: FieldId;
  /** Lower wins when several aliases of one field are present. */
  rank: number;
  /** Stored in a column of llm_calls, so left out of a call's attributes JSON. */
  callColumn: boolean;
  /** Stored in a column of activity, so left out of an activity's attributes JSON. */
  activityColumn: boolean;
}

type Row = readonly [key: string, field: FieldId, callColumn: boolean, activityColumn: boolean];

/** Flags of the rows below: C a call column, A an activity column, NO not a column of that row. */
const C = true;
const A = true;
const NO = false;

/** Rows of one field are listed in precedence order. */
const ROWS: readonly Row[] = [
  ['gen_ai.operation.name', F.operation, C, A],
  ['llm.request.type', F.operation, C, A],
  ['openinference.span.kind', F.operation, C, A],
  ['traceloop.span.kind', F.operation, C, A],

  ['gen_ai.provider.name', F.provider, C, NO],
  ['gen_ai.system', F.provider, C, NO],
  ['llm.provider', F.provider, C, NO],
  ['llm.system', F.provider, C, NO],
  // A fallback for the provider, not a column: it stays in the attributes JSON.
  ['server.address', F.serverAddress, NO, NO],

  ['gen_ai.response.model', F.responseModel, C, NO],
  ['llm.response.model', F.responseModel, C, NO],
  ['llm.model_name', F.responseModel, C, NO],
  ['gen_ai.request.model', F.requestModel, C, NO],
  ['llm.request.model', F.requestModel, C, NO],
  ['gen_ai.response.id', F.responseId, C, NO],

  ['gen_ai.usage.input_tokens', F.inputTokens, C, NO],
  ['gen_ai.usage.prompt_tokens', F.inputTokens, C, NO],
  ['llm.usage.prompt_tokens', F.inputTokens, C, NO],
  ['llm.token_count.prompt', F.inputTokens, C, NO],

  ['gen_ai.usage.output_tokens', F.outputTokens, C, NO],
  ['gen_ai.usage.completion_tokens', F.outputTokens, C, NO],
  ['llm.usage.completion_tokens', F.outputTokens, C, NO],
  ['llm.token_count.completion', F.outputTokens, C, NO],

  // Only a fallback for counts a span lacks (embeddings spans often carry nothing else).
  ['gen_ai.usage.total_tokens', F.totalTokens, NO, NO],
  ['llm.usage.total_tokens', F.totalTokens, NO, NO],
  ['llm.token_count.total', F.totalTokens, NO, NO],

  ['gen_ai.usage.cache_read.input_tokens', F.cacheReadTokens, C, NO],
  ['gen_ai.usage.cache_read_input_tokens', F.cacheReadTokens, C, NO],
  ['gen_ai.usage.cache_read_tokens', F.cacheReadTokens, C, NO],
  ['llm.token_count.prompt_details.cache_read', F.cacheReadTokens, C, NO],

  ['gen_ai.usage.cache_creation.input_tokens', F.cacheWriteTokens, C, NO],
  ['gen_ai.usage.cache_write.input_tokens', F.cacheWriteTokens, C, NO],
  ['gen_ai.usage.cache_creation_input_tokens', F.cacheWriteTokens, C, NO],
  ['gen_ai.usage.cache_write_tokens', F.cacheWriteTokens, C, NO],
  ['llm.token_count.prompt_details.cache_write', F.cacheWriteTokens, C, NO],
  ['anthropic.usage.cache_creation.ephemeral_5m_input_tokens', F.cacheWrite5mTokens, C, NO],
  ['anthropic.usage.cache_creation.ephemeral_1h_input_tokens', F.cacheWrite1hTokens, C, NO],

  ['gen_ai.usage.reasoning.output_tokens', F.reasoningTokens, C, NO],
  ['gen_ai.usage.reasoning_tokens', F.reasoningTokens, C, NO],
  ['llm.token_count.completion_details.reasoning', F.reasoningTokens, C, NO],

  ['gen_ai.usage.audio.input_tokens', F.inputAudioTokens, C, NO],
  ['llm.token_count.prompt_details.audio', F.inputAudioTokens, C, NO],
  ['gen_ai.usage.audio.output_tokens', F.outputAudioTokens, C, NO],
  ['llm.token_count.completion_details.audio', F.outputAudioTokens, C, NO],
  ['gen_ai.usage.image.input_tokens', F.inputImageTokens, C, NO],
  ['gen_ai.usage.image.output_tokens', F.outputImageTokens, C, NO],

  ['tokentally.cost.usd', F.costUsd, C, A],
  ['tokentally.cost.name', F.costName, NO, A],
  ['tokentally.category', F.category, C, NO],
  ['tokentally.task_type', F.taskType, C, A],
  ['session.id', F.sessionId, C, A],
  ['gen_ai.conversation.id', F.sessionId, C, A],
  ['tokentally.run_id', F.runId, C, A],
  ['gen_ai.agent.name', F.agentName, C, A],
  ['gen_ai.agent.id', F.agentId, C, A],
  ['tokentally.attempt', F.attempt, C, NO],
  ['tokentally.reservation_id', F.reservationId, C, NO],
  ['tokentally.request_hash', F.requestHash, C, NO],

  // The tier the provider served the request on wins over the one the client asked for.
  ['openai.response.service_tier', F.serviceTier, C, NO],
  ['gen_ai.openai.response.service_tier', F.serviceTier, C, NO],
  ['anthropic.response.service_tier', F.serviceTier, C, NO],
  ['openai.request.service_tier', F.serviceTier, C, NO],
  ['gen_ai.openai.request.service_tier', F.serviceTier, C, NO],
  ['gen_ai.request.service_tier', F.serviceTier, C, NO],
  ['anthropic.request.service_tier', F.serviceTier, C, NO],

  ['error.type', F.errorType, C, A],
  ['gen_ai.tool.name', F.toolName, NO, A],
  ['tool.name', F.toolName, NO, A],
  // Refines the category of a chat / generate_content call that returns an image or speech.
  ['gen_ai.output.type', F.outputType, NO, NO],
];

function buildTable(rows: readonly Row[]): Map<string, KeySpec> {
  const table = new Map<string, KeySpec>();
  const nextRank = new Array<number>(FIELD_COUNT).fill(0);
  for (const [key, field, callColumn, activityColumn] of rows) {
    table.set(key, { field, rank: nextRank[field]++, callColumn, activityColumn });
  }
  return table;
}

export const KEY_SPECS: ReadonlyMap<string, KeySpec> = buildTable(ROWS);
