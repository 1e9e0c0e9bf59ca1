import type { AttributeValue } from '../../pipeline/span.js';
import type { TokenUsage } from '../../pipeline/records.js';
import { F, type FieldId } from './attribute-keys.js';
import { rejectionReason } from './rejection.js';
import type { SpanReader } from './span-reader.js';

const TOKEN_FIELDS: readonly FieldId[] = [
  F.inputTokens,
  F.outputTokens,
  F.totalTokens,
  F.cacheReadTokens,
  F.cacheWriteTokens,
  F.cacheWrite5mTokens,
  F.cacheWrite1hTokens,
  F.reasoningTokens,
  F.inputAudioTokens,
  F.outputAudioTokens,
  F.inputImageTokens,
  F.outputImageTokens,
];

export type UsageResult = { ok: true; usage: TokenUsage } | { ok: false; reason: string };

/**
 * The call's token counts, normalised to one meaning whatever the source:
 *
 * - `inputTokens` is the total input including cache reads and writes, as the conventions and
 *   the pricing catalog count it. Sources that follow the conventions already report it so
 *   (OpenAI and Gemini by API design; the Anthropic SDK's own spans, OpenLLMetry's and
 *   OpenInference's Anthropic and Bedrock instrumentations, pydantic-ai, which sum the parts).
 *   Anthropic's API and Bedrock's Converse API report uncached input apart, and so do older
 *   instrumentations and hand-written spans that copy those counts. A total can never be
 *   smaller than the cached part it includes, so when `input < cache_read + cache_write` the
 *   input was uncached and the cache counts are added. The rule needs no knowledge of the
 *   source; its limit is an uncached count that happens to exceed the cached part, which is
 *   then taken as a total (undercounting by at most the cached tokens).
 * - `outputTokens` includes reasoning; an output smaller than its reasoning part was reported
 *   without it, and reasoning is added, by the same argument.
 * - cache writes are the sum of the 5-minute and 1-hour writes when only those are reported.
 * - a span with neither input nor output but a total (embeddings) counts the total as input.
 *
 * Counts must be integers from 0 to `maxTokens`; anything else rejects the span, naming the
 * attribute and its value.
 */
export function readUsage(reader: SpanReader, maxTokens: number): UsageResult {
  for (const field of TOKEN_FIELDS) {
    const value = reader.value(field);
    if (value === undefined) continue;
    const problem = countProblem(value, maxTokens);
    if (problem !== '') return { ok: false, reason: rejectionReason(reader.key(field), value, problem) };
  }
  const cacheRead = countOf(reader, F.cacheReadTokens);
  const write5m = countOf(reader, F.cacheWrite5mTokens);
  const write1h = countOf(reader, F.cacheWrite1hTokens);
  const cacheWrite = Math.max(countOf(reader, F.cacheWriteTokens), write5m + write1h);
  const reasoning = countOf(reader, F.reasoningTokens);

  let input = countOf(reader, F.inputTokens);
  let output = countOf(reader, F.outputTokens);
  if (!reader.has(F.inputTokens) && !reader.has(F.outputTokens)) input = countOf(reader, F.totalTokens);
  if (input < cacheRead + cacheWrite) input += cacheRead + cacheWrite;
  if (output < reasoning) output += reasoning;

  return {
    ok: true,
    usage: {
      inputTokens: input,
      outputTokens: output,
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      cacheWrite1hTokens: write1h,
      reasoningTokens: reasoning,
      inputAudioTokens: countOf(reader, F.inputAudioTokens),
      outputAudioTokens: countOf(reader, F.outputAudioTokens),
      inputImageTokens: countOf(reader, F.inputImageTokens),
      outputImageTokens: countOf(reader, F.outputImageTokens),
    },
  };
}

/** Whether the span reports any token count at all (a model call can be recognised by it). */
export function hasUsage(reader: SpanReader): boolean {
  return reader.has(F.inputTokens) || reader.has(F.outputTokens) || reader.has(F.totalTokens) ||
    reader.has(F.cacheReadTokens) || reader.has(F.cacheWriteTokens);
}

/** A validated count, 0 when absent. */
function countOf(reader: SpanReader, field: FieldId): number {
  return toCount(reader.value(field));
}

/** Numbers, and strings of decimal digits (some SDKs stringify counts); anything else is not a count. */
function toCount(value: AttributeValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DIGITS.test(value)) return Number(value);
  return value === undefined ? 0 : Number.NaN;
}

const DIGITS = /^\d+$/;

function countProblem(value: AttributeValue, maxTokens: number): string {
  const n = toCount(value);
  if (Number.isNaN(n)) return 'a token count must be an integer';
  if (n < 0) return 'a token count cannot be negative';
  if (!Number.isInteger(n)) return 'a token count must be an integer';
  if (n > maxTokens) return `above max_tokens_per_call (${maxTokens})`;
  return '';
}
