import { describe, expect, it } from 'vitest';
import { chatSpan, costSpan, toolSpan } from '../../support/spans.js';
import { genaiHarness } from './harness.js';

describe('genai: invalid counts and costs are rejected, one span at a time', () => {
  it.each([
    ['gen_ai.usage.input_tokens', -5, 'gen_ai.usage.input_tokens = -5: a token count cannot be negative'],
    ['gen_ai.usage.output_tokens', 12.5, 'gen_ai.usage.output_tokens = 12.5: a token count must be an integer'],
    ['gen_ai.usage.input_tokens', 'NaN', 'gen_ai.usage.input_tokens = "NaN": a token count must be an integer'],
    ['gen_ai.usage.input_tokens', 'lots', 'gen_ai.usage.input_tokens = "lots": a token count must be an integer'],
    ['gen_ai.usage.cache_read.input_tokens', true, 'gen_ai.usage.cache_read.input_tokens = true: a token count must be an integer'],
    ['llm.token_count.prompt', [1, 2], 'llm.token_count.prompt = [1,2]: a token count must be an integer'],
    ['gen_ai.usage.reasoning.output_tokens', 100_000_001, 'gen_ai.usage.reasoning.output_tokens = 100000001: above max_tokens_per_call (100000000)'],
  ])('%s = %j', async (key, value, reason) => {
    const bad = chatSpan({ usage: {}, attributes: { [key]: value } });
    const good = chatSpan();
    const batch = await genaiHarness().send(bad, good);
    expect(batch.rejections).toEqual([{ spanId: bad.spanId, reason }]);
    expect(batch.calls.map((c) => c.spanId)).toEqual([good.spanId]);
  });

  it('applies the configured max_tokens_per_call', async () => {
    const batch = await genaiHarness({ max_tokens_per_call: 1_000 }).send(chatSpan({ usage: { input: 1_001 } }));
    expect(batch.rejections[0]?.reason).toBe('gen_ai.usage.input_tokens = 1001: above max_tokens_per_call (1000)');
  });

  it.each([
    [-0.01, 'tokentally.cost.usd = -0.01: a cost cannot be negative'],
    ['free', 'tokentally.cost.usd = "free": a cost must be a number of US dollars'],
    [Number.NaN, 'tokentally.cost.usd = NaN: a cost must be a number of US dollars'],
  ])('rejects tokentally.cost.usd = %j on calls, tools and cost spans', async (usd, reason) => {
    const spans = [chatSpan({ attributes: { 'tokentally.cost.usd': usd } }), toolSpan('scrape', { attributes: { 'tokentally.cost.usd': usd } }), costSpan(0, 'x', { attributes: { 'tokentally.cost.usd': usd } })];
    const batch = await genaiHarness().send(...spans);
    expect(batch.rejections).toEqual(spans.map((s) => ({ spanId: s.spanId, reason })));
    expect(batch.calls).toEqual([]);
    expect(batch.activities).toEqual([]);
  });

  it('falls back to attempt 1 for an attempt that is not a positive integer, keeping the call', async () => {
    const batch = await genaiHarness().send(chatSpan({ attributes: { 'tokentally.attempt': 0 } }), chatSpan({ attributes: { 'tokentally.attempt': '3' } }));
    expect(batch.rejections).toEqual([]);
    expect(batch.calls.map((c) => [c.attempt, c.isRetry])).toEqual([[1, false], [3, true]]);
  });

  it('treats a null count as absent', async () => {
    const batch = await genaiHarness().send(chatSpan({ usage: { output: 3 }, attributes: { 'gen_ai.usage.input_tokens': null } }));
    expect(batch.rejections).toEqual([]);
    expect(batch.calls[0]).toMatchObject({ inputTokens: 0, outputTokens: 3 });
  });
});
