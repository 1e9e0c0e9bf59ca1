import { describe, expect, it } from 'vitest';
import { chatSpan, httpSpan, span } from '../../support/spans.js';
import { genaiHarness } from './harness.js';

describe('genai: which spans are model calls, and their category', () => {
  it.each([
    ['chat', 'llm'],
    ['text_completion', 'llm'],
    ['generate_content', 'llm'],
    ['embeddings', 'embeddings'],
    ['generate_image', 'image'],
    ['image_generation', 'image'],
    ['create_image', 'image'],
    ['speech', 'audio'],
    ['transcription', 'audio'],
    ['generate_video', 'video'],
    ['rerank', 'other'],
  ])('%s is a model call of category %s', async (operation, category) => {
    const { calls } = await genaiHarness().send(chatSpan({ operation }));
    expect(calls[0]).toMatchObject({ operation, category });
  });

  it('refines a chat that returns an image or speech by gen_ai.output.type', async () => {
    const { calls } = await genaiHarness().send(
      chatSpan({ operation: 'generate_content', attributes: { 'gen_ai.output.type': 'image' } }),
      chatSpan({ operation: 'chat', attributes: { 'gen_ai.output.type': 'speech' } }),
    );
    expect(calls.map((c) => c.category)).toEqual(['image', 'audio']);
  });

  it('lets tokentally.category override the derived category, when it names one', async () => {
    const { calls } = await genaiHarness().send(
      chatSpan({ attributes: { 'tokentally.category': 'video' } }),
      chatSpan({ attributes: { 'tokentally.category': 'banana' } }),
    );
    expect(calls.map((c) => c.category)).toEqual(['video', 'llm']);
  });

  it('recognises a model call without an operation by its model and usage', async () => {
    const { calls } = await genaiHarness().send(
      span({ name: 'llm', attributes: { 'gen_ai.request.model': 'llama-3.1-70b', 'gen_ai.usage.input_tokens': 50, 'gen_ai.usage.output_tokens': 5 } }),
    );
    expect(calls[0]).toMatchObject({ operation: '', category: 'llm', requestModel: 'llama-3.1-70b', inputTokens: 50 });
  });

  it('never prices retrieval, planning or memory spans, whatever usage they repeat', async () => {
    const batch = await genaiHarness().send(
      span({ attributes: { 'gen_ai.operation.name': 'retrieval', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 12 } }),
      span({ attributes: { 'gen_ai.operation.name': 'plan', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 900 } }),
      span({ attributes: { 'gen_ai.operation.name': 'search_memory', 'gen_ai.usage.input_tokens': 3 } }),
    );
    expect(batch.calls).toEqual([]);
    expect(batch.activities).toEqual([]);
    expect(batch.droppedNonGenAi).toBe(3);
  });

  it('drops spans that are none of ours, or forwards them when asked', async () => {
    const http = httpSpan();
    const dropped = await genaiHarness().send(http, chatSpan());
    expect(dropped).toMatchObject({ droppedNonGenAi: 1, spans: [] });
    const forwarded = await genaiHarness({ forward_non_genai: true }).send(http, chatSpan());
    expect(forwarded).toMatchObject({ droppedNonGenAi: 0, spans: [http] });
    expect(forwarded.calls).toHaveLength(1);
  });
});
