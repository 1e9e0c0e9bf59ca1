import { roundTo } from '../analytics/stats.js';
import type { UsageTotals } from './pricing/usage.js';
import type { Evidence } from './recommendation.js';

/** The token mix a what-if was priced on. */
export function usageEvidence(u: UsageTotals): Evidence {
  return {
    calls: u.calls,
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_read_tokens: u.cacheReadTokens,
    cache_write_tokens: u.cacheWriteTokens,
    reasoning_tokens: u.reasoningTokens,
    avg_input_tokens: u.calls === 0 ? 0 : roundTo(u.inputTokens / u.calls, 1),
    avg_output_tokens: u.calls === 0 ? 0 : roundTo(u.outputTokens / u.calls, 1),
  };
}
