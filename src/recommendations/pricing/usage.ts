import type { TokenUsage } from '../../pipeline/records.js';
import type { Row } from '../../storage/reader.js';
import { num } from '../../analytics/row-values.js';
import { tokenUsage } from '../../pricing/token-usage.js';

/** Token counts summed over `calls` calls. */
export interface UsageTotals extends TokenUsage {
  calls: number;
}

export const NO_USAGE: UsageTotals = { calls: 0, ...tokenUsage() };

const COLUMNS: ReadonlyArray<[keyof UsageTotals, string]> = [
  ['calls', 'calls'],
  ['inputTokens', 'input_tokens'],
  ['outputTokens', 'output_tokens'],
  ['cacheReadTokens', 'cache_read_tokens'],
  ['cacheWriteTokens', 'cache_write_tokens'],
  ['cacheWrite1hTokens', 'cache_write_1h_tokens'],
  ['reasoningTokens', 'reasoning_tokens'],
  ['inputAudioTokens', 'input_audio_tokens'],
  ['outputAudioTokens', 'output_audio_tokens'],
  ['inputImageTokens', 'input_image_tokens'],
  ['outputImageTokens', 'output_image_tokens'],
];

/** The usage columns of a query row (named as in llm_calls). */
export function usageOf(row: Row): UsageTotals {
  const usage = { ...NO_USAGE };
  for (const [field, column] of COLUMNS) usage[field] = num(row, column);
  return usage;
}

export function addUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  const sum = { ...a };
  for (const [field] of COLUMNS) sum[field] = a[field] + b[field];
  return sum;
}
