import { describe, expect, it } from 'vitest';
import { chatSpan } from '../../support/spans.js';
import { callsFrom } from './harness.js';

describe('genai: cached tokens', () => {
  it('keeps an input total that already includes cache reads and writes (the conventions)', async () => {
    const [call] = await callsFrom(chatSpan({ provider: 'openai', usage: { input: 2006, output: 300, cacheRead: 1920 } }));
    expect(call).toMatchObject({ inputTokens: 2006, cacheReadTokens: 1920, cacheWriteTokens: 0 });
  });

  it('reads cache writes under gen_ai.usage.cache_creation.input_tokens', async () => {
    const [call] = await callsFrom(chatSpan({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { input: 5_210, output: 40, cacheWrite: 5_000 } }));
    expect(call).toMatchObject({ inputTokens: 5_210, cacheWriteTokens: 5_000, cacheReadTokens: 0 });
  });

  it.each([
    ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens'],
    ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_write.input_tokens'],
    ['gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.cache_creation_input_tokens'],
    ['gen_ai.usage.cache_read_tokens', 'gen_ai.usage.cache_write_tokens'],
    ['llm.token_count.prompt_details.cache_read', 'llm.token_count.prompt_details.cache_write'],
  ])('reads cache counts under %s / %s', async (readKey, writeKey) => {
    const [call] = await callsFrom(
      chatSpan({ usage: { input: 1_000, output: 10 }, attributes: { [readKey]: 600, [writeKey]: 300 } }),
    );
    expect(call).toMatchObject({ inputTokens: 1_000, cacheReadTokens: 600, cacheWriteTokens: 300 });
  });

  it('prefers the current name when a span carries an alias too', async () => {
    const [call] = await callsFrom(
      chatSpan({
        usage: { input: 1_000, output: 10 },
        attributes: { 'gen_ai.usage.cache_read_input_tokens': 1, 'gen_ai.usage.cache_read.input_tokens': 700 },
      }),
    );
    expect(call?.cacheReadTokens).toBe(700);
  });

  it('keeps the 1-hour part of Anthropic cache writes', async () => {
    const [call] = await callsFrom(
      chatSpan({
        provider: 'anthropic',
        model: 'claude-opus-4-1',
        usage: { input: 95_000, output: 710 },
        attributes: {
          'gen_ai.usage.cache_write.input_tokens': 1_159,
          'gen_ai.usage.cache_read.input_tokens': 93_669,
          'anthropic.usage.cache_creation.ephemeral_5m_input_tokens': 0,
          'anthropic.usage.cache_creation.ephemeral_1h_input_tokens': 1_159,
        },
      }),
    );
    expect(call).toMatchObject({ inputTokens: 95_000, cacheReadTokens: 93_669, cacheWriteTokens: 1_159, cacheWrite1hTokens: 1_159 });
  });

  it('sums the 5-minute and 1-hour writes when no total write count is given', async () => {
    const [call] = await callsFrom(
      chatSpan({
        provider: 'anthropic',
        usage: { input: 3_000, output: 5 },
        attributes: {
          'anthropic.usage.cache_creation.ephemeral_5m_input_tokens': 1_000,
          'anthropic.usage.cache_creation.ephemeral_1h_input_tokens': 500,
        },
      }),
    );
    expect(call).toMatchObject({ inputTokens: 3_000, cacheWriteTokens: 1_500, cacheWrite1hTokens: 500 });
  });

  it('counts reasoning inside the output', async () => {
    const [within] = await callsFrom(chatSpan({ model: 'o3', usage: { input: 100, output: 900, reasoning: 640 } }));
    expect(within).toMatchObject({ outputTokens: 900, reasoningTokens: 640 });
    const [apart] = await callsFrom(chatSpan({ model: 'o3', usage: { input: 100, output: 260, reasoning: 640 } }));
    expect(apart).toMatchObject({ outputTokens: 900, reasoningTokens: 640 });
  });

  it('reads reasoning under gen_ai.usage.reasoning_tokens (OpenLLMetry, OpenLIT)', async () => {
    const [call] = await callsFrom(chatSpan({ usage: { input: 10, output: 500 }, attributes: { 'gen_ai.usage.reasoning_tokens': 400 } }));
    expect(call?.reasoningTokens).toBe(400);
  });
});
