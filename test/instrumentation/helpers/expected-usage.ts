import { describeRequest } from '../../../instrumentation/model-calls/request-hash.js';
import type { RecordedRequest } from '../../../instrumentation/testing/model-server.js';
import type { ModelCallRow } from './model-calls.js';

export interface Tokens {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** The row of the model call that sent `request`, found by tokentally.request_hash. */
export function rowFor(rows: ModelCallRow[], request: RecordedRequest): ModelCallRow | undefined {
  const hash = describeRequest(request.body as Record<string, unknown>).hash;
  return rows.find((row) => row.request_hash === hash);
}

export function recordedTokens(row: ModelCallRow): Tokens {
  return {
    input: row.input_tokens,
    output: row.output_tokens,
    cacheRead: row.cache_read_tokens,
    cacheWrite: row.cache_write_tokens,
    reasoning: row.reasoning_tokens,
  };
}

type Usage = Record<string, number> & Record<string, Record<string, number> | null>;

/**
 * The semantic-convention counts for the usage the model server answered with: input includes
 * cache reads and writes (Anthropic reports them apart), output includes reasoning.
 */
export function expectedTokens(request: RecordedRequest): Tokens {
  const usage = request.usage as Usage;
  switch (request.path) {
    case '/v1/chat/completions':
      return {
        input: usage.prompt_tokens,
        output: usage.completion_tokens,
        cacheRead: usage.prompt_tokens_details?.cached_tokens,
        reasoning: usage.completion_tokens_details?.reasoning_tokens,
      };
    case '/v1/responses':
      return {
        input: usage.input_tokens,
        output: usage.output_tokens,
        cacheRead: usage.input_tokens_details?.cached_tokens,
        reasoning: usage.output_tokens_details?.reasoning_tokens,
      };
    default:
      return {
        input: usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens,
        output: usage.output_tokens,
        cacheRead: usage.cache_read_input_tokens,
        cacheWrite: usage.cache_creation_input_tokens,
        reasoning: usage.output_tokens_details?.thinking_tokens,
      };
  }
}
