import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeTracesGeneric } from '../../../../src/bench/generic-decode.js';
import { decodeTracesProtobuf } from '../../../../src/receivers/otlp/decode/index.js';
import { genAiBatch } from './genai-batch.js';
import { Random, randomRequest } from './random-spans.js';

/** The benchmark compares against protobufjs; its embedded schema must read real requests. */
describe('the benchmark reference decoder', () => {
  it('finds the same spans as the hand-written decoder', () => {
    const batch = ProtobufTraceSerializer.serializeRequest(genAiBatch(512)) ?? new Uint8Array();
    expect(decodeTracesGeneric(batch)).toBe(512);
    for (let seed = 1; seed <= 50; seed++) {
      const bytes = ProtobufTraceSerializer.serializeRequest(randomRequest(new Random(seed)).spans) ?? new Uint8Array();
      expect(decodeTracesGeneric(bytes)).toBe(decodeTracesProtobuf(bytes).length);
    }
  });
});
