import { describe, expect, it } from 'vitest';
import { span } from '../../support/spans.js';
import { genaiHarness } from './harness.js';

/** Spans as OpenInference instrumentations (Arize Phoenix) emit them: no gen_ai.* at all. */
describe('genai: OpenInference spans', () => {
  it('turns an LLM span into a call with every count', async () => {
    const { calls } = await genaiHarness().send(
      span({
        name: 'ChatCompletion',
        attributes: {
          'openinference.span.kind': 'LLM',
          'llm.provider': 'azure',
          'llm.system': 'openai',
          'llm.model_name': 'gpt-4o-audio-preview',
          'llm.token_count.prompt': 1_500,
          'llm.token_count.prompt_details.cache_read': 1_024,
          'llm.token_count.prompt_details.audio': 200,
          'llm.token_count.completion': 420,
          'llm.token_count.completion_details.reasoning': 0,
          'llm.token_count.completion_details.audio': 300,
          'llm.token_count.total': 1_920,
          'session.id': 'phoenix-session-1',
          'llm.invocation_parameters': '{"temperature":0}',
          'input.value': '{"messages":[]}',
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': 'hi',
        },
      }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      operation: 'chat',
      category: 'llm',
      provider: 'azure',
      responseModel: 'gpt-4o-audio-preview',
      inputTokens: 1_500,
      cacheReadTokens: 1_024,
      inputAudioTokens: 200,
      outputTokens: 420,
      outputAudioTokens: 300,
      sessionId: 'phoenix-session-1',
      attributesJson: '{"llm.token_count.total":1920,"llm.invocation_parameters":"{\\"temperature\\":0}"}',
    });
  });

  it('uses llm.system when llm.provider is absent', async () => {
    const { calls } = await genaiHarness().send(
      span({ attributes: { 'openinference.span.kind': 'LLM', 'llm.system': 'mistralai', 'llm.model_name': 'mistral-large-latest', 'llm.token_count.prompt': 5 } }),
    );
    expect(calls[0]?.provider).toBe('mistral');
  });

  it('turns an EMBEDDING span into an embeddings call', async () => {
    const { calls } = await genaiHarness().send(
      span({ attributes: { 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small', 'llm.system': 'openai', 'llm.model_name': 'text-embedding-3-small', 'llm.token_count.total': 64 } }),
    );
    expect(calls[0]).toMatchObject({ operation: 'embeddings', category: 'embeddings', inputTokens: 64, outputTokens: 0 });
  });

  it('never bills the token counts that CHAIN and AGENT spans repeat from their children', async () => {
    const agent = span({
      name: 'Agent',
      attributes: { 'openinference.span.kind': 'AGENT', 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 900, 'llm.token_count.completion': 90 },
    });
    const chain = span({
      parent: agent,
      name: 'RunnableSequence',
      attributes: { 'openinference.span.kind': 'CHAIN', 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 900, 'llm.token_count.completion': 90 },
    });
    const llm = span({
      parent: chain,
      name: 'ChatOpenAI',
      attributes: { 'openinference.span.kind': 'LLM', 'llm.system': 'openai', 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 900, 'llm.token_count.completion': 90 },
    });
    const batch = await genaiHarness().send(llm, chain, agent);
    expect(batch.calls.map((c) => c.spanId)).toEqual([llm.spanId]);
    expect(batch.activities).toHaveLength(1);
    expect(batch.activities[0]).toMatchObject({ eventType: 'agent_invocation', costNanos: null, priceSource: 'unpriced' });
    expect(JSON.parse(batch.activities[0]?.attributesJson ?? '')).toMatchObject({ 'llm.token_count.prompt': 900 });
    expect(batch.droppedNonGenAi).toBe(1);
  });

  it('turns a TOOL span into a tool call named by tool.name', async () => {
    const { activities } = await genaiHarness().send(span({ name: 'search', attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'web_search' } }));
    expect(activities[0]).toMatchObject({ eventType: 'tool_call', name: 'web_search' });
  });
});
