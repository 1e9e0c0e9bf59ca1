import { describe, expect, it } from 'vitest';
import { RecordDecoder, RecordEncoder, STRING_TABLE_LIMIT, type ProcessedRecords } from '../../../src/pipeline/worker/record-codec.js';
import { makeActivity, makeCall, plainCall, randomHex } from '../../support/records.js';
import { tokenUsage } from '../../../src/pricing/token-usage.js';

/** What crosses between threads: the message is cloned (numbers transferred) on its way. */
function roundTrip(encoder: RecordEncoder, decoder: RecordDecoder, records: ProcessedRecords): ProcessedRecords {
  return plain(decoder.decode(structuredClone(encoder.encode(records))));
}

/** The calls as plain objects: they are read in place, through getters (see plainCall). */
const plain = (records: ProcessedRecords): ProcessedRecords => ({ ...records, calls: records.calls.map(plainCall) });

const none: ProcessedRecords = { calls: [], activities: [], fixups: [], rejections: [] };

describe('record codec (processing thread -> main thread)', () => {
  // Every count and cost of the first call differs from the others, so fields swapped between
  // the encoder and the decoder cannot go unnoticed.
  it('carries every field of calls, activities, fix-ups and rejections, nulls included', () => {
    const records: ProcessedRecords = {
      calls: [
        makeCall({ parentSpanId: randomHex(8), sessionId: 'sess-1', errorType: 'timeout', status: 'error', attempt: 2, isRetry: true, reservationId: 'res-9', requestHash: randomHex(8), serviceTier: 'flex', responseId: 'chatcmpl-Ré✓', attributesJson: '{"x.label":"résumé ✓"}', ...tokenUsage({ inputTokens: 1_000, outputTokens: 200, cacheReadTokens: 100, cacheWriteTokens: 40, cacheWrite1hTokens: 3, reasoningTokens: 17, inputAudioTokens: 5, outputAudioTokens: 6, inputImageTokens: 7, outputImageTokens: 8 }), cost: { inputCost: 1, outputCost: 2, cacheReadCost: 3, cacheWriteCost: 4, reasoningCost: 5, otherCost: 6, totalCost: 16 } }),
        makeCall({ taskType: null, pricedModel: null, priceSource: 'unpriced', cost: null, explicitCostNanos: null }),
        makeCall({ explicitCostNanos: 1_234_567_890, priceSource: 'explicit', cost: { inputCost: 0, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, reasoningCost: 0, otherCost: 1_234_567_890, totalCost: 1_234_567_890 } }),
      ],
      activities: [makeActivity(), makeActivity({ costNanos: 5_000, name: 'web_search', attributesJson: '{"q":"x"}', sessionId: 's', taskType: 't', errorType: 'E' })],
      fixups: [
        { tenant: 'acme', traceId: randomHex(16), spanId: randomHex(8), agent: 'writer', runId: null, sessionId: null, startUs: 1_764_000_000_123_456 },
        { tenant: 'acme', traceId: randomHex(16), spanId: randomHex(8), agent: null, runId: 'nightly-42', sessionId: 'sess-7', startUs: 1_764_000_000_654_321 },
      ],
      rejections: [{ spanId: randomHex(8), reason: 'gen_ai.usage.input_tokens is negative (-5)' }],
    };
    expect(roundTrip(new RecordEncoder(), new RecordDecoder(), records)).toEqual(records);
  });

  it('carries token counts beyond 32 bits exactly (max_tokens_per_call can allow them)', () => {
    const counts = { inputTokens: 2 ** 31, outputTokens: 2 ** 31 - 1, cacheReadTokens: 9_007_199_254_740_991, reasoningTokens: 0 };
    const records: ProcessedRecords = { ...none, calls: [makeCall(tokenUsage(counts)), makeCall(tokenUsage({ inputTokens: 12 }))] };
    const [big, small] = roundTrip(new RecordEncoder(), new RecordDecoder(), records).calls;
    expect(big).toMatchObject(counts);
    expect(small!.inputTokens).toBe(12);
  });

  it('sends a repeated name once and decodes it from the table in later messages', () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const first = encoder.encode({ ...none, calls: [makeCall({ agent: 'planner' })] });
    expect(first.newStrings).toContain('planner');
    decoder.decode(structuredClone(first));
    const call = makeCall({ agent: 'planner' });
    const second = encoder.encode({ ...none, calls: [call] });
    expect(second.newStrings).not.toContain('planner');
    expect(plain(decoder.decode(structuredClone(second))).calls).toEqual([call]);
  });

  it('sends an attributes JSON as text the first time and through the table once it repeats', () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const json = '{"gen_ai.request.temperature":0.2,"server.address":"api.openai.com"}';
    const calls = () => [makeCall({ attributesJson: json, responseId: `resp_${randomHex(8)}` }), makeCall({ attributesJson: json }), makeCall({ attributesJson: '{"x.unique":1}' })];
    const first = calls();
    const firstMessage = encoder.encode({ ...none, calls: first });
    // Seen twice in the first message: sent once as text, then as a new string of the table.
    expect(firstMessage.text.split(json).length - 1).toBe(1);
    expect(firstMessage.newStrings).toContain(json);
    expect(firstMessage.newStrings).not.toContain('{"x.unique":1}');
    expect(plain(decoder.decode(structuredClone(firstMessage))).calls).toEqual(first);
    const second = calls();
    const secondMessage = encoder.encode({ ...none, calls: second });
    expect(secondMessage.text).not.toContain(json);
    expect(secondMessage.newStrings).not.toContain(json);
    // Seen before, now repeated: it joins the table.
    expect(secondMessage.newStrings).toContain('{"x.unique":1}');
    const decoded = plain(decoder.decode(structuredClone(secondMessage))).calls;
    expect(decoded).toEqual(second);
    expect(decoded[0]!.responseId).toBe(second[0]!.responseId);
  });

  it('always sends a long attributes JSON as text, so that the table stays small', () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const long = JSON.stringify({ 'x.long': 'y'.repeat(2_000) });
    for (let i = 0; i < 3; i++) {
      const calls = [makeCall({ attributesJson: long }), makeCall({ attributesJson: long })];
      const message = encoder.encode({ ...none, calls });
      expect(message.text.split(long).length - 1).toBe(2);
      expect(message.newStrings).not.toContain(long);
      expect(plain(decoder.decode(structuredClone(message))).calls).toEqual(calls);
    }
  });

  it('stops taking attributes JSON texts into the table past its character budget', () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    // 3,000 distinct texts of ~1,000 characters, each twice: ~3M characters would repeat.
    const texts = Array.from({ length: 3_000 }, (_, i) => JSON.stringify({ 'x.i': i, 'x.pad': 'p'.repeat(980) }));
    const calls = texts.flatMap((json) => [makeCall({ attributesJson: json }), makeCall({ attributesJson: json })]);
    const message = encoder.encode({ ...none, calls });
    const interned = message.newStrings.filter((s) => s.startsWith('{"x.i"'));
    expect(interned.length).toBeGreaterThan(1_000);
    expect(interned.reduce((n, s) => n + s.length, 0)).toBeLessThanOrEqual(2 ** 21);
    expect(interned.length).toBeLessThan(texts.length);
    expect(plain(decoder.decode(structuredClone(message))).calls).toEqual(calls);
  });

  it('starts the table afresh once it is full, on both sides, without losing a name', () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const runs = Array.from({ length: STRING_TABLE_LIMIT + 10 }, (_, i) => makeCall({ runId: `run-${i}` }));
    roundTrip(encoder, decoder, { ...none, calls: runs });
    const after = makeCall({ runId: 'run-after', agent: 'researcher' });
    const message = encoder.encode({ ...none, calls: [after] });
    expect(message.resetTable).toBe(true);
    expect(message.newStrings).toContain('researcher');
    expect(plain(decoder.decode(structuredClone(message))).calls).toEqual([after]);
  });

  it('resends the table after an encode that failed part-way', () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    roundTrip(encoder, decoder, { ...none, calls: [makeCall()] });
    const broken = makeCall({ agent: 'only-on-the-sending-side' });
    Object.defineProperty(broken, 'attributesJson', { get: () => { throw new Error('boom'); } });
    expect(() => encoder.encode({ ...none, calls: [broken] })).toThrow('boom');
    const call = makeCall({ agent: 'only-on-the-sending-side' });
    expect(roundTrip(encoder, decoder, { ...none, calls: [call] }).calls).toEqual([call]);
  });
});
