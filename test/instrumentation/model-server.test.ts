import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../instrumentation/testing/model-server.js';
import { REASONING_TOKENS } from '../../instrumentation/testing/tokens.js';

describe('model test server', () => {
  let server: ModelServer;

  beforeAll(async () => {
    server = await startModelServer();
  });
  afterAll(() => server.close());

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const events = (text: string) =>
    text
      .split('\n\n')
      .filter(Boolean)
      .map((block) => {
        const data = block.split('\n').find((line) => line.startsWith('data: '))!.slice(6);
        return data === '[DONE]' ? data : JSON.parse(data);
      });

  const chat = {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'A long and stable system prompt.' },
      { role: 'user', content: 'Hello' },
    ],
  };

  it('binds 127.0.0.1 on an ephemeral port and records every request', async () => {
    server.reset();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await post('/v1/nowhere', { model: 'x' })).status).toBe(404);
    expect(server.requests.map((request) => request.path)).toEqual(['/v1/nowhere']);
  });

  it('reports cached tokens for a repeated prompt prefix, and reasoning tokens for reasoning models', async () => {
    server.reset();
    const first = JSON.parse((await post('/v1/chat/completions', chat)).text);
    const second = JSON.parse((await post('/v1/chat/completions', chat)).text);
    const reasoning = JSON.parse((await post('/v1/chat/completions', { ...chat, model: 'o4-mini' })).text);
    expect(first.usage.prompt_tokens_details.cached_tokens).toBe(0);
    expect(second.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    expect(second.usage.prompt_tokens).toBe(first.usage.prompt_tokens);
    expect(reasoning.usage.completion_tokens_details.reasoning_tokens).toBe(REASONING_TOKENS);
  });

  it('streams chat completions with a final usage chunk only when include_usage is asked for', async () => {
    const plain = events((await post('/v1/chat/completions', { ...chat, stream: true })).text);
    const withUsage = events(
      (await post('/v1/chat/completions', { ...chat, stream: true, stream_options: { include_usage: true } })).text,
    );
    expect(plain.at(-1)).toBe('[DONE]');
    expect(plain.some((chunk) => chunk !== '[DONE]' && 'usage' in chunk)).toBe(false);
    const usageChunk = withUsage.at(-2);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.total_tokens).toBeGreaterThan(0);
    expect(server.requests.at(-1)?.usage).toEqual(usageChunk.usage);
  });

  it('streams Anthropic messages as message_start … message_delta (final usage) … message_stop, with cache write then read', async () => {
    server.reset();
    const body = {
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      stream: true,
      thinking: { type: 'adaptive' },
      system: [{ type: 'text', text: 'A cached research brief.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Question?' }],
    };
    const response = await post('/v1/messages', body);
    expect(response.type).toBe('text/event-stream');
    const first = events(response.text);
    const types = first.map((event) => (event.type === 'content_block_start' ? `start ${event.content_block.type}` : event.type));
    // Consecutive deltas of a block collapsed into one.
    expect(types.filter((type, index) => type !== types[index - 1])).toEqual([
      'message_start',
      'start thinking',
      'content_block_delta',
      'content_block_stop',
      'start text',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const delta = first.find((event) => event.type === 'message_delta');
    expect(delta.usage).toMatchObject({ cache_creation_input_tokens: 6, cache_read_input_tokens: 0 });
    expect(delta.usage.output_tokens_details).toEqual({ thinking_tokens: REASONING_TOKENS });
    const second = events((await post('/v1/messages', body)).text).find((event) => event.type === 'message_delta');
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 6 });
  });

  it('completes a streamed response with its usage on response.completed', async () => {
    const stream = events(
      (await post('/v1/responses', { model: 'o4-mini', instructions: 'Review.', input: 'Draft', stream: true })).text,
    );
    const completed = stream.at(-1);
    expect(completed.type).toBe('response.completed');
    expect(completed.response.usage.output_tokens_details.reasoning_tokens).toBe(REASONING_TOKENS);
  });
});
