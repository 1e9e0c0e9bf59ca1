import { describe, expect, it } from 'vitest';
import { agentSpan, chatSpan, httpSpan, span } from '../../support/spans.js';
import { genaiHarness } from './harness.js';

/**
 * A framework span (LangChain's ChatOpenAI, pydantic-ai's chat span) around the SDK's own span
 * for the same request: two model-call spans, one call. It is billed once, at the leaf.
 */
function wrappedCall() {
  const agent = agentSpan('researcher');
  const wrapper = chatSpan({ parent: agent, name: 'ChatOpenAI', model: 'gpt-4o', usage: { input: 1_000, output: 100 } });
  const leaf = chatSpan({ parent: wrapper, name: 'chat gpt-4o', model: 'gpt-4o', usage: { input: 1_000, output: 100, cacheRead: 800 } });
  return { agent, wrapper, leaf };
}

describe('genai: a model call nested in another is billed once', () => {
  it('bills the leaf when both arrive in one batch, in either order', async () => {
    const { agent, wrapper, leaf } = wrappedCall();
    for (const order of [[agent, wrapper, leaf], [leaf, wrapper, agent]]) {
      const batch = await genaiHarness().send(...order);
      expect(batch.calls.map((c) => c.spanId)).toEqual([leaf.spanId]);
      expect(batch.calls[0]?.cacheReadTokens).toBe(800);
    }
  });

  it('sees the nesting through spans that are not calls (an HTTP span in between)', async () => {
    const wrapper = chatSpan({ name: 'llm.generate' });
    const http = httpSpan({ parent: wrapper });
    const leaf = chatSpan({ parent: http });
    const batch = await genaiHarness().send(wrapper, http, leaf);
    expect(batch.calls.map((c) => c.spanId)).toEqual([leaf.spanId]);
  });

  it('bills every leaf under one wrapper, and the wrapper not at all', async () => {
    const wrapper = chatSpan({ name: 'retrying wrapper' });
    const first = chatSpan({ parent: wrapper, status: 'error' });
    const second = chatSpan({ parent: wrapper });
    const batch = await genaiHarness().send(first, second, wrapper);
    expect(batch.calls.map((c) => c.spanId)).toEqual([first.spanId, second.spanId]);
  });

  it('across batches, leaf first: the wrapper arriving later is not billed', async () => {
    const { agent, wrapper, leaf } = wrappedCall();
    const genai = genaiHarness();
    expect((await genai.send(leaf)).calls).toHaveLength(1);
    expect((await genai.send(wrapper, agent)).calls).toEqual([]);
  });

  it('across batches, leaf first, with the span between them arriving before the wrapper', async () => {
    const wrapper = chatSpan();
    const http = httpSpan({ parent: wrapper });
    const leaf = chatSpan({ parent: http });
    const genai = genaiHarness();
    await genai.send(leaf);
    await genai.send(http);
    expect((await genai.send(wrapper)).calls).toEqual([]);
  });

  it('across batches, wrapper first: the leaf arriving later is not billed (the first to arrive is)', async () => {
    const { wrapper, leaf } = wrappedCall();
    const genai = genaiHarness();
    expect((await genai.send(wrapper)).calls.map((c) => c.spanId)).toEqual([wrapper.spanId]);
    expect((await genai.send(leaf)).calls).toEqual([]);
  });

  it('bills a resent call again (the exporter drops the duplicate) without changing which call is billed', async () => {
    const { wrapper, leaf } = wrappedCall();
    const genai = genaiHarness();
    await genai.send(wrapper);
    expect((await genai.send(wrapper, leaf)).calls.map((c) => c.spanId)).toEqual([wrapper.spanId]);
    const other = wrappedCall();
    await genai.send(other.leaf);
    expect((await genai.send(other.leaf, other.wrapper)).calls.map((c) => c.spanId)).toEqual([other.leaf.spanId]);
  });

  it('keeps calls of other traces apart even when span ids collide', async () => {
    const wrapper = chatSpan({ spanId: 'aaaaaaaaaaaaaaaa' });
    const unrelated = chatSpan({ parentSpanId: 'aaaaaaaaaaaaaaaa' });
    const genai = genaiHarness();
    await genai.send(wrapper);
    expect((await genai.send(unrelated)).calls).toHaveLength(1);
  });

  it('forgets the oldest spans beyond its memory bound (and then bills both halves)', async () => {
    const { wrapper, leaf } = wrappedCall();
    const genai = genaiHarness({}, { nestingMemorySpans: 4 });
    await genai.send(leaf);
    for (let i = 0; i < 3; i++) await genai.send(chatSpan({ parent: span() }));
    expect((await genai.send(wrapper)).calls).toHaveLength(1);
  });

  it('terminates on a cycle in parent links (malformed data: each is the other’s wrapper, neither is billed)', async () => {
    const a = chatSpan({ spanId: '1111111111111111', parentSpanId: '2222222222222222', traceId: 'c'.repeat(32) });
    const b = chatSpan({ spanId: '2222222222222222', parentSpanId: '1111111111111111', traceId: 'c'.repeat(32) });
    const batch = await genaiHarness().send(a, b);
    expect(batch.calls).toEqual([]);
    const self = chatSpan({ spanId: '3333333333333333', parentSpanId: '3333333333333333' });
    expect((await genaiHarness().send(self)).calls).toHaveLength(1);
  });
});
