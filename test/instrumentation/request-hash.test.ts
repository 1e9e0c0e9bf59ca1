import { describe, expect, it } from 'vitest';
import { describeRequest } from '../../instrumentation/model-calls/request-hash.js';

describe('describeRequest (tokentally.request_hash)', () => {
  const body = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hello' }],
    temperature: 0.2,
  };

  it('is the sha256 hex of the canonical request', () => {
    const { json, hash } = describeRequest(body);
    expect(json).toBe('{"messages":[{"content":"hello","role":"user"}],"model":"gpt-4o-mini","temperature":0.2}');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order, nor on how the answer is delivered', () => {
    const reordered = { temperature: 0.2, messages: [{ content: 'hello', role: 'user' }], model: 'gpt-4o-mini' };
    const streamed = { ...body, stream: true, stream_options: { include_usage: true } };
    expect(describeRequest(reordered).hash).toBe(describeRequest(body).hash);
    expect(describeRequest(streamed).hash).toBe(describeRequest(body).hash);
  });

  it('changes with the model, the messages or a parameter', () => {
    const hash = describeRequest(body).hash;
    expect(describeRequest({ ...body, model: 'gpt-4o' }).hash).not.toBe(hash);
    expect(describeRequest({ ...body, messages: [{ role: 'user', content: 'hello!' }] }).hash).not.toBe(hash);
    expect(describeRequest({ ...body, temperature: 0.3 }).hash).not.toBe(hash);
  });

  it('keeps array order, which is meaning', () => {
    const twoTurns = { model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] };
    const swapped = { model: 'm', messages: [{ role: 'user', content: 'b' }, { role: 'user', content: 'a' }] };
    expect(describeRequest(twoTurns).hash).not.toBe(describeRequest(swapped).hash);
  });
});
