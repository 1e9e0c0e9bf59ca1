import type { Category } from '../../pipeline/records.js';

/**
 * What a span is, from its operation: the semantic conventions' `gen_ai.operation.name`, or the
 * older vocabularies that say the same thing (OpenLLMetry's `llm.request.type` and
 * `traceloop.span.kind`, OpenInference's `openinference.span.kind`), mapped onto the
 * conventions' names so that one operation column means one thing whatever the source.
 */
const OPERATION_ALIASES: ReadonlyMap<string, string> = new Map([
  // llm.request.type (OpenLLMetry)
  ['completion', 'text_completion'],
  ['embedding', 'embeddings'],
  // openinference.span.kind
  ['LLM', 'chat'],
  ['EMBEDDING', 'embeddings'],
  ['TOOL', 'execute_tool'],
  ['AGENT', 'invoke_agent'],
  ['CHAIN', 'chain'],
  ['RETRIEVER', 'retrieval'],
  ['RERANKER', 'rerank'],
  ['GUARDRAIL', 'guardrail'],
  ['EVALUATOR', 'evaluation'],
  // traceloop.span.kind (OpenLLMetry)
  ['workflow', 'invoke_workflow'],
  ['agent', 'invoke_agent'],
  ['tool', 'execute_tool'],
]);

const LLM_OPERATIONS = ['chat', 'text_completion', 'generate_content'];
const IMAGE_OPERATIONS = ['generate_image', 'generate_images', 'image_generation', 'create_image', 'edit_image', 'image_edit', 'create_image_variation'];
const AUDIO_OPERATIONS = ['speech', 'create_speech', 'generate_speech', 'text_to_speech', 'generate_audio', 'audio_generation', 'transcription', 'create_transcription', 'transcribe', 'speech_to_text', 'translation'];
const VIDEO_OPERATIONS = ['generate_video', 'video_generation', 'create_video'];

const CATEGORY_BY_OPERATION: ReadonlyMap<string, Category> = new Map<string, Category>([
  ...LLM_OPERATIONS.map((op) => [op, 'llm'] as const),
  ['embeddings', 'embeddings'],
  ['rerank', 'other'],
  ...IMAGE_OPERATIONS.map((op) => [op, 'image'] as const),
  ...AUDIO_OPERATIONS.map((op) => [op, 'audio'] as const),
  ...VIDEO_OPERATIONS.map((op) => [op, 'video'] as const),
  ['execute_tool', 'tool'],
]);

/** Operations that are one model call each: the spans that are priced. */
const MODEL_CALL_OPERATIONS: ReadonlySet<string> = new Set([
  ...LLM_OPERATIONS,
  'embeddings',
  'rerank',
  ...IMAGE_OPERATIONS,
  ...AUDIO_OPERATIONS,
  ...VIDEO_OPERATIONS,
]);

const AGENT_OPERATIONS: ReadonlySet<string> = new Set(['invoke_agent', 'create_agent', 'invoke_workflow']);

/**
 * Known operations that are never a model call even when they carry a model and usage: their
 * usage is what their children used (chains, retrieval that embeds inside, planning, memory).
 */
const AGGREGATE_OPERATIONS: ReadonlySet<string> = new Set([
  'chain',
  'task',
  'retrieval',
  'guardrail',
  'evaluation',
  'plan',
  'search_memory',
  'create_memory',
  'update_memory',
  'upsert_memory',
  'delete_memory',
  'create_memory_store',
  'delete_memory_store',
]);

const CATEGORIES: ReadonlySet<string> = new Set<Category>(['llm', 'embeddings', 'image', 'audio', 'video', 'tool', 'other']);

function isCategory(value: string): value is Category {
  return CATEGORIES.has(value);
}

export function normaliseOperation(raw: string | undefined): string {
  if (raw === undefined) return '';
  return OPERATION_ALIASES.get(raw) ?? raw;
}

/**
 * - call: a model call, priced and stored in llm_calls;
 * - tool / agent: an activity row (tool_call / agent_invocation);
 * - cost: an explicit cost that is not a model call (tokentally's recordCost, a priced
 *   retrieval), an activity row of type cost;
 * - none: not ours (HTTP, database, framework chains), dropped.
 */
export type SpanRole = 'call' | 'tool' | 'agent' | 'cost' | 'none';

export interface SpanShape {
  operation: string;
  hasModel: boolean;
  hasUsage: boolean;
  hasCost: boolean;
}

export function roleOf({ operation, hasModel, hasUsage, hasCost }: SpanShape): SpanRole {
  if (MODEL_CALL_OPERATIONS.has(operation)) return 'call';
  if (operation === 'execute_tool') return 'tool';
  if (AGENT_OPERATIONS.has(operation)) return 'agent';
  // No operation, or one we do not know: a model with usage or a price is a model call.
  if (hasModel && (hasUsage || hasCost) && !AGGREGATE_OPERATIONS.has(operation)) return 'call';
  if (hasCost) return 'cost';
  return 'none';
}

/**
 * The category of a model call: `tokentally.category` when it names a category; else the
 * operation's, refined by `gen_ai.output.type` for a chat that returns an image or speech. A call
 * without a known operation was recognised by its model and tokens, so it is an LLM call.
 */
export function categoryOf(explicit: string | undefined, operation: string, outputType: string | undefined): Category {
  if (explicit !== undefined && isCategory(explicit)) return explicit;
  const category = CATEGORY_BY_OPERATION.get(operation) ?? 'llm';
  if (category === 'llm') {
    if (outputType === 'image') return 'image';
    if (outputType === 'speech') return 'audio';
  }
  return category;
}
