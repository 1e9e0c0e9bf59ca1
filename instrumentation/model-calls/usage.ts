import type { Attributes } from '@opentelemetry/api';
import { GEN_AI } from '../attribution/keys.js';
import { numberAt } from '../values.js';

/**
 * Token usage as the providers report it, mapped to the GenAI semantic conventions:
 * input tokens include cache reads and writes, output tokens include reasoning tokens.
 */

/** OpenAI Chat Completions `usage` (also the final chunk of a stream with include_usage). */
export function chatCompletionsUsage(usage: unknown): Attributes {
  return defined({
    [GEN_AI.inputTokens]: numberAt(usage, 'prompt_tokens'),
    [GEN_AI.outputTokens]: numberAt(usage, 'completion_tokens'),
    [GEN_AI.cacheReadTokens]: numberAt(usage, 'prompt_tokens_details', 'cached_tokens'),
    // Reported by some OpenAI-compatible providers that charge for cache writes.
    [GEN_AI.cacheCreationTokens]: numberAt(usage, 'prompt_tokens_details', 'cache_write_tokens'),
    [GEN_AI.reasoningTokens]: numberAt(usage, 'completion_tokens_details', 'reasoning_tokens'),
  });
}

/** OpenAI Responses `usage` (also `response.completed`'s response.usage in a stream). */
export function responsesUsage(usage: unknown): Attributes {
  return defined({
    [GEN_AI.inputTokens]: numberAt(usage, 'input_tokens'),
    [GEN_AI.outputTokens]: numberAt(usage, 'output_tokens'),
    [GEN_AI.cacheReadTokens]: numberAt(usage, 'input_tokens_details', 'cached_tokens'),
    [GEN_AI.reasoningTokens]: numberAt(usage, 'output_tokens_details', 'reasoning_tokens'),
  });
}

/**
 * Anthropic Messages `usage`. Anthropic's input_tokens leaves out the cached part, so the
 * convention's input total adds cache reads and writes back.
 */
export function anthropicUsage(usage: unknown): Attributes {
  const uncached = numberAt(usage, 'input_tokens');
  const cacheRead = numberAt(usage, 'cache_read_input_tokens');
  const cacheCreation = numberAt(usage, 'cache_creation_input_tokens');
  return defined({
    [GEN_AI.inputTokens]: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheCreation ?? 0),
    [GEN_AI.outputTokens]: numberAt(usage, 'output_tokens'),
    [GEN_AI.cacheReadTokens]: cacheRead,
    [GEN_AI.cacheCreationTokens]: cacheCreation,
    [GEN_AI.reasoningTokens]: numberAt(usage, 'output_tokens_details', 'thinking_tokens'),
  });
}

function defined(attributes: Record<string, number | undefined>): Attributes {
  const result: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}
