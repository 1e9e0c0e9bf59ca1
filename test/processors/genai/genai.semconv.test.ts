import { describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../../../src/processors/genai/config.js';
import { createGenaiProcessor } from '../../../src/processors/genai/factory.js';
import type { DecodedSpan } from '../../../src/pipeline/span.js';
import { batchOf, chatSpan, collectingSink, span } from '../../support/spans.js';

async function callsOf(...spans: DecodedSpan[]) {
  const sink = collectingSink();
  await createGenaiProcessor(createDefaultConfig(), sink).consume(batchOf(spans, 'acme'));
  return sink.calls();
}

describe('genai: a span that follows the current semantic conventions', () => {
  it('fills every column of the call from its attributes', async () => {
    const call = span({
      name: 'chat gpt-4o',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: '00f067aa0ba902b7',
      startUs: 1_750_000_000_000_000,
      endUs: 1_750_000_001_500_000,
      service: 'support-bot',
      status: 'ok',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.response.id': 'chatcmpl-AbC123',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 300,
        'gen_ai.usage.cache_read.input_tokens': 1000,
        'gen_ai.usage.reasoning.output_tokens': 120,
        'gen_ai.usage.audio.input_tokens': 40,
        'gen_ai.usage.audio.output_tokens': 30,
        'gen_ai.usage.image.input_tokens': 85,
        'gen_ai.agent.name': 'triage',
        'gen_ai.conversation.id': 'conv_5j66',
        'tokentally.run_id': 'run-42',
        'tokentally.task_type': 'ticket_triage',
        'tokentally.attempt': 2,
        'tokentally.reservation_id': 'res_9',
        'tokentally.request_hash': '9f86d081884c7d65',
        'openai.response.service_tier': 'flex',
        'gen_ai.request.temperature': 0.2,
        'server.address': 'api.openai.com',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"secret"}]}]',
      },
    });

    expect(await callsOf(call)).toEqual([
      {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        parentSpanId: '00f067aa0ba902b7',
        startUs: 1_750_000_000_000_000,
        endUs: 1_750_000_001_500_000,
        tenant: 'acme',
        runId: 'run-42',
        agent: 'triage',
        sessionId: 'conv_5j66',
        taskType: 'ticket_triage',
        serviceName: 'support-bot',
        provider: 'openai',
        requestModel: 'gpt-4o',
        responseModel: 'gpt-4o-2024-08-06',
        operation: 'chat',
        category: 'llm',
        status: 'ok',
        errorType: null,
        attempt: 2,
        isRetry: true,
        explicitCostNanos: null,
        reservationId: 'res_9',
        requestHash: '9f86d081884c7d65',
        serviceTier: 'flex',
        pricedModel: null,
        priceSource: 'unpriced',
        cost: null,
        responseId: 'chatcmpl-AbC123',
        attributesJson: '{"gen_ai.request.temperature":0.2,"server.address":"api.openai.com"}',
        inputTokens: 1200,
        outputTokens: 300,
        cacheReadTokens: 1000,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        reasoningTokens: 120,
        inputAudioTokens: 40,
        outputAudioTokens: 30,
        inputImageTokens: 85,
        outputImageTokens: 0,
      },
    ]);
  });

  it('defaults what the span does not say', async () => {
    const bare = span({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      resource: {},
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini' },
    });
    const [call] = await callsOf(bare);
    expect(call).toMatchObject({
      runId: '4bf92f3577b34da6a3ce929d0e0e4736',
      agent: '',
      sessionId: null,
      taskType: null,
      serviceName: 'unknown_service',
      provider: '',
      requestModel: 'gpt-4o-mini',
      responseModel: '',
      status: 'unset',
      attempt: 1,
      isRetry: false,
      inputTokens: 0,
      outputTokens: 0,
      responseId: null,
      attributesJson: '',
    });
  });

  it('takes the session from session.id before gen_ai.conversation.id, and the agent name before its id', async () => {
    const [call] = await callsOf(
      chatSpan({ attributes: { 'gen_ai.conversation.id': 'conv', 'session.id': 'sess', 'gen_ai.agent.id': 'asst_1', 'gen_ai.agent.name': 'writer' } }),
    );
    expect(call).toMatchObject({ sessionId: 'sess', agent: 'writer' });
    const [byId] = await callsOf(chatSpan({ attributes: { 'gen_ai.agent.id': 'asst_1' } }));
    expect(byId?.agent).toBe('asst_1');
  });

  it('reports a failed call with its error.type, else its status message', async () => {
    const [typed] = await callsOf(chatSpan({ status: 'error', statusMessage: 'Rate limit reached', attributes: { 'error.type': '429' } }));
    expect(typed).toMatchObject({ status: 'error', errorType: '429' });
    const [untyped] = await callsOf(chatSpan({ status: 'error', statusMessage: 'Request timed out.' }));
    expect(untyped).toMatchObject({ status: 'error', errorType: 'Request timed out.' });
  });

  it('groups failed calls by the class of error their status messages name, not by their ids and numbers', async () => {
    const rateLimited = (used: number, requested: number, requestId: string, wait: string) =>
      `Error code: 429 - Rate limit reached for gpt-4o in organization org-AbCdEf on tokens per min (TPM): Limit 30000, Used ${used}, Requested ${requested}. Please try again in ${wait}. (request id: ${requestId})\n    at retry (client.js:12:7)`;
    const calls = await callsOf(
      chatSpan({ status: 'error', statusMessage: rateLimited(29_950, 620, 'req_8f3a9c2b77d1e0aa', '1.14s') }),
      chatSpan({ status: 'error', statusMessage: rateLimited(29_101, 3_022, 'req_0c1d2e3f4a5b6c7d', '87ms') }),
    );
    // One class for both, its first line cut at 120 characters.
    const rateLimit = 'Error code: # - Rate limit reached for gpt-#o in organization org-AbCdEf on tokens per min (TPM): Limit #, Used #, Re...';
    expect(calls.map((c) => c.errorType)).toEqual([rateLimit, rateLimit]);
    const short = await callsOf(
      chatSpan({ status: 'error', statusMessage: 'upstream 123e4567-e89b-12d3-a456-426614174000 reset after 1.5s' }),
      chatSpan({ status: 'error', statusMessage: '\n  Request req_0c1d2e3f failed\nTraceback: line 42' }),
      chatSpan({ status: 'error', statusMessage: ' \n ' }),
    );
    expect(short.map((c) => c.errorType)).toEqual(['upstream # reset after #.#s', 'Request # failed', null]);
  });

  it('prefers the service tier the provider served over the one requested', async () => {
    const [call] = await callsOf(
      chatSpan({ attributes: { 'openai.request.service_tier': 'auto', 'openai.response.service_tier': 'default' } }),
    );
    expect(call?.serviceTier).toBe('default');
  });

  it('never stores message content in the attributes JSON', async () => {
    const [call] = await callsOf(
      chatSpan({
        attributes: {
          'gen_ai.system_instructions': '[{"type":"text","content":"You are a pirate"}]',
          'gen_ai.output.messages': '[]',
          'gen_ai.prompt.0.content': 'hello',
          'gen_ai.completion.0.content': 'ahoy',
          'llm.input_messages.0.message.content': 'hello',
          'input.value': 'hello',
          'gen_ai.request.seed': 7,
        },
      }),
    );
    expect(JSON.parse(call?.attributesJson ?? '')).toEqual({ 'gen_ai.request.seed': 7 });
  });

  it("writes each call's own attributes JSON when it repeats or nearly repeats the call's before", async () => {
    // Each differs from the one before in one way the reuse of the last JSON must notice.
    const sequence: Record<string, unknown>[] = [
      { 'x.t': 0.2, 'x.reasons': ['stop'], 'x.host': 'api.openai.com' },
      { 'x.t': 0.2, 'x.reasons': ['stop'], 'x.host': 'api.openai.com' },
      { 'x.t': 0.2, 'x.reasons': ['length'], 'x.host': 'api.openai.com' },
      { 'x.t': 0.2, 'x.reasons': ['length', 'stop'], 'x.host': 'api.openai.com' },
      { 'x.t': '0.2', 'x.reasons': ['length', 'stop'], 'x.host': 'api.openai.com' },
      { 'x.reasons': ['length', 'stop'], 'x.t': '0.2', 'x.host': 'api.openai.com' },
      { 'x.reasons': ['length', 'stop'], 'x.t': '0.2' },
      { 'x.reasons': ['length', 'stop'], 'x.t': '0.2', 'x.obj': { a: 1 } },
      { 'x.reasons': ['length', 'stop'], 'x.t': '0.2', 'x.obj': { a: 2 } },
      { 'x.reasons': [1], 'x.t': '0.2', 'x.obj': { a: 2 } },
      { 'x.reasons': ['1'], 'x.t': '0.2', 'x.obj': { a: 2 } },
      { 'x.reasons': ['1'], 'x.t': '0.2', 'x.obj': { a: 2 } },
      {},
      { 'x.t': 0.2 },
      { 'x.u': 0.2 },
      { 'x.a': 'v', 'x.b': 'v' },
      { 'x.b': 'v', 'x.a': 'v' },
    ];
    const calls = await callsOf(...sequence.map((attributes) => chatSpan({ attributes: attributes as DecodedSpan['attributes'] })));
    expect(calls.map((c) => c.attributesJson)).toEqual(sequence.map((a) => (Object.keys(a).length === 0 ? '' : JSON.stringify(a))));
  });

  it('writes the attributes JSON exactly as JSON.stringify would, whatever the values', async () => {
    const extra = {
      'x.quote': 'say "hi"',
      'x.backslash': 'C:\\temp',
      'x.control': 'a\nb\tc\u0001',
      'x.unicode': 'café ☕ 🚀',
      'x.lone_surrogate': 'bad \ud800 half',
      'x.del': 'del\u007f',
      'x.plain': 'resp_0123 ~!#$%&()*+,-./:;<=>?@[]^_`{|}',
      'x.empty': '',
      'x.int': 2048,
      'x.negative_zero': -0,
      'x.big': 1e21,
      'x.tiny': 5e-7,
      'x.nan': Number.NaN,
      'x.true': true,
      'x.false': false,
      'x.null': null,
      'x.array': ['stop', 1, true, null],
      'x.object': { k: 'v', n: [1, { m: 'x"y' }] },
    };
    const [call] = await callsOf(chatSpan({ attributes: extra }));
    expect(call?.attributesJson).toBe(JSON.stringify(extra));
  });
});
