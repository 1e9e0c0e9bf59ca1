import { describe, expect, it } from 'vitest';
import { span } from '../../support/spans.js';
import { callsFrom } from './harness.js';

/**
 * One Anthropic response, as each source reports it. The API said: input_tokens 12 (uncached),
 * cache_read_input_tokens 48_000, cache_creation_input_tokens 2_000, output_tokens 350. Every
 * source must end as the same call: 50_012 input tokens in total, of which 48_000 read from and
 * 2_000 written to the cache.
 */
const TOTAL = { inputTokens: 50_012, cacheReadTokens: 48_000, cacheWriteTokens: 2_000, outputTokens: 350 };

describe('genai: Anthropic input tokens, per source', () => {
  it("the Anthropic SDK's own spans (input is the sum; cache writes as cache_write)", async () => {
    const [call] = await callsFrom(
      span({
        name: 'anthropic.messages.create',
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.request.model': 'claude-sonnet-4-5',
          'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
          'gen_ai.usage.input_tokens': 50_012,
          'gen_ai.usage.cache_read.input_tokens': 48_000,
          'gen_ai.usage.cache_write.input_tokens': 2_000,
          'anthropic.usage.cache_creation.ephemeral_5m_input_tokens': 2_000,
          'anthropic.usage.cache_creation.ephemeral_1h_input_tokens': 0,
          'gen_ai.usage.output_tokens': 350,
          'anthropic.message.stop_reason': 'end_turn',
        },
      }),
    );
    expect(call).toMatchObject({ ...TOTAL, provider: 'anthropic', cacheWrite1hTokens: 0 });
  });

  it('OpenLLMetry anthropic instrumentation today (input is the sum, gen_ai.system "Anthropic")', async () => {
    const [call] = await callsFrom(
      span({
        name: 'anthropic.chat',
        attributes: {
          'gen_ai.system': 'Anthropic',
          'llm.request.type': 'completion',
          'gen_ai.request.model': 'claude-sonnet-4-5',
          'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
          'gen_ai.usage.input_tokens': 50_012,
          'gen_ai.usage.output_tokens': 350,
          'llm.usage.total_tokens': 50_362,
          'gen_ai.usage.cache_read_input_tokens': 48_000,
          'gen_ai.usage.cache_creation_input_tokens': 2_000,
        },
      }),
    );
    expect(call).toMatchObject({ ...TOTAL, provider: 'anthropic' });
  });

  it('OpenLLMetry before it summed (prompt_tokens was the uncached part)', async () => {
    const [call] = await callsFrom(
      span({
        name: 'anthropic.chat',
        attributes: {
          'gen_ai.system': 'Anthropic',
          'llm.request.type': 'completion',
          'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
          'gen_ai.usage.prompt_tokens': 12,
          'gen_ai.usage.completion_tokens': 350,
          'gen_ai.usage.cache_read_input_tokens': 48_000,
          'gen_ai.usage.cache_creation_input_tokens': 2_000,
        },
      }),
    );
    expect(call).toMatchObject(TOTAL);
  });

  it('OpenInference anthropic instrumentation (llm.token_count.prompt is the sum)', async () => {
    const [call] = await callsFrom(
      span({
        name: 'Messages',
        attributes: {
          'openinference.span.kind': 'LLM',
          'llm.provider': 'anthropic',
          'llm.system': 'anthropic',
          'llm.model_name': 'claude-sonnet-4-5-20250929',
          'llm.token_count.prompt': 50_012,
          'llm.token_count.prompt_details.cache_read': 48_000,
          'llm.token_count.prompt_details.cache_write': 2_000,
          'llm.token_count.completion': 350,
          'llm.token_count.total': 50_362,
        },
      }),
    );
    expect(call).toMatchObject({ ...TOTAL, provider: 'anthropic', operation: 'chat' });
  });

  it('OpenInference before it summed (llm.token_count.prompt was the uncached part)', async () => {
    const [call] = await callsFrom(
      span({
        name: 'Messages',
        attributes: {
          'openinference.span.kind': 'LLM',
          'llm.system': 'anthropic',
          'llm.model_name': 'claude-3-5-sonnet-20241022',
          'llm.token_count.prompt': 12,
          'llm.token_count.prompt_details.cache_read': 48_000,
          'llm.token_count.prompt_details.cache_write': 2_000,
          'llm.token_count.completion': 350,
        },
      }),
    );
    expect(call).toMatchObject(TOTAL);
  });

  it('hand-written spans that copy the API usage fields as they are', async () => {
    const [call] = await callsFrom(
      span({
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.request.model': 'claude-opus-4-1',
          'gen_ai.usage.input_tokens': 12,
          'gen_ai.usage.output_tokens': 350,
          'gen_ai.usage.cache_read_tokens': 48_000,
          'gen_ai.usage.cache_write_tokens': 2_000,
        },
      }),
    );
    expect(call).toMatchObject(TOTAL);
  });

  it('Claude on AWS Bedrock (the Converse API also reports uncached input apart)', async () => {
    const [call] = await callsFrom(
      span({
        name: 'chat us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'aws.bedrock',
          'gen_ai.request.model': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
          'gen_ai.usage.input_tokens': 12,
          'gen_ai.usage.output_tokens': 350,
          'gen_ai.usage.cache_read.input_tokens': 48_000,
          'gen_ai.usage.cache_creation.input_tokens': 2_000,
        },
      }),
    );
    expect(call).toMatchObject({ ...TOTAL, provider: 'aws' });
  });

  it('pydantic-ai (input is the sum; cache counts as cache_read_tokens / cache_write_tokens)', async () => {
    const [call] = await callsFrom(
      span({
        name: 'chat claude-sonnet-4-5',
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.system': 'anthropic',
          'gen_ai.request.model': 'claude-sonnet-4-5',
          'gen_ai.usage.input_tokens': 50_012,
          'gen_ai.usage.output_tokens': 350,
          'gen_ai.usage.cache_read_tokens': 48_000,
          'gen_ai.usage.cache_write_tokens': 2_000,
        },
      }),
    );
    expect(call).toMatchObject(TOTAL);
  });

  it('limit: an uncached count larger than the cached part cannot be told from a total', async () => {
    // API: input_tokens 9_000 uncached, cache_read 3_000. Reported as is, 9_000 >= 3_000 reads as a total.
    const [call] = await callsFrom(
      span({
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.request.model': 'claude-haiku-4-5',
          'gen_ai.usage.input_tokens': 9_000,
          'gen_ai.usage.cache_read.input_tokens': 3_000,
          'gen_ai.usage.output_tokens': 10,
        },
      }),
    );
    expect(call?.inputTokens).toBe(9_000);
  });
});
