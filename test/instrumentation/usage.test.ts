import { describe, expect, it } from 'vitest';
import { anthropicUsage, chatCompletionsUsage, responsesUsage } from '../../instrumentation/model-calls/usage.js';

describe('usage mapped to the GenAI conventions', () => {
  it('OpenAI chat completions: cached and reasoning tokens from the details', () => {
    expect(
      chatCompletionsUsage({
        prompt_tokens: 1200,
        completion_tokens: 300,
        prompt_tokens_details: { cached_tokens: 1024 },
        completion_tokens_details: { reasoning_tokens: 256 },
      }),
    ).toEqual({
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.reasoning.output_tokens': 256,
    });
  });

  it('OpenAI responses', () => {
    expect(
      responsesUsage({
        input_tokens: 900,
        output_tokens: 80,
        input_tokens_details: { cached_tokens: 512 },
        output_tokens_details: { reasoning_tokens: 64 },
      }),
    ).toEqual({
      'gen_ai.usage.input_tokens': 900,
      'gen_ai.usage.output_tokens': 80,
      'gen_ai.usage.cache_read.input_tokens': 512,
      'gen_ai.usage.reasoning.output_tokens': 64,
    });
  });

  it('Anthropic: input includes cache reads and writes, which Anthropic reports apart', () => {
    expect(
      anthropicUsage({
        input_tokens: 20,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 300,
        output_tokens: 150,
        output_tokens_details: { thinking_tokens: 100 },
      }),
    ).toEqual({
      'gen_ai.usage.input_tokens': 1320,
      'gen_ai.usage.output_tokens': 150,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 300,
      'gen_ai.usage.reasoning.output_tokens': 100,
    });
  });

  it('leaves out what a provider did not report, and tolerates junk', () => {
    expect(chatCompletionsUsage({ prompt_tokens: 5, completion_tokens: 2 })).toEqual({
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 2,
    });
    expect(anthropicUsage({ input_tokens: 7, output_tokens: 1, cache_read_input_tokens: null, output_tokens_details: null })).toEqual({
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 1,
    });
    expect(responsesUsage(undefined)).toEqual({});
    expect(chatCompletionsUsage('nonsense')).toEqual({});
  });
});
