import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { DecodedSpan } from '../../../../src/pipeline/span.js';
import { countSpansProtobuf, decodeTracesJson, decodeTracesProtobuf } from '../../../../src/receivers/otlp/decode/index.js';
import { expectedAttributes, expectedSpan, Random, randomRequest, type RandomRequest } from './random-spans.js';
import { readableSpan, resource } from './readable-spans.js';

/*
 * Randomized spans go through opentelemetry-js's own serializers (the bytes real exporters
 * send) and back through each decoder; the expected values come from the source spans.
 */

const decoders = {
  protobuf: (request: RandomRequest) => {
    const bytes = ProtobufTraceSerializer.serializeRequest(request.spans) ?? new Uint8Array();
    // The count receivers admit a request by, read from the framing alone, is the decoded count.
    expect(countSpansProtobuf(bytes)).toBe(request.specs.length);
    return decodeTracesProtobuf(bytes);
  },
  json: (request: RandomRequest) => decodeTracesJson(JsonTraceSerializer.serializeRequest(request.spans) ?? new Uint8Array()),
};

function checkRequest(request: RandomRequest, decoded: DecodedSpan[]): void {
  expect(decoded).toHaveLength(request.specs.length);
  const bySpanId = new Map(decoded.map((span) => [span.spanId, span]));
  const resourceObjects = new Map<object, object>();
  for (const spec of request.specs) {
    const span = bySpanId.get(spec.spanId);
    expect(span).toBeDefined();
    if (span === undefined) return;
    const { resource: decodedResource, ...rest } = span;
    expect(rest).toEqual(expectedSpan(spec));
    expect(decodedResource).toEqual(expectedAttributes(spec.resource.attributes as Parameters<typeof expectedAttributes>[0]));
    // One decoded object per source resource, shared by all its spans.
    const seen = resourceObjects.get(spec.resource);
    if (seen === undefined) resourceObjects.set(spec.resource, decodedResource);
    else expect(decodedResource).toBe(seen);
  }
  expect(new Set(resourceObjects.values()).size).toBe(resourceObjects.size);
}

describe.each(Object.entries(decoders))('%s decoder matches the opentelemetry-js serializer', (_, decode) => {
  it('for 300 random requests (unicode, nested values, extreme ints and times, events and links)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const request = randomRequest(new Random(seed));
      try {
        checkRequest(request, decode(request));
      } catch (error) {
        throw new Error(`seed ${seed}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });

  it('for a request with 3,000 distinct keys and values of equal length, decoded twice', () => {
    // Many same-length strings collide in the string caches; a hit must never return another string.
    const attributes = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`key.${String(i).padStart(6, '0')}`, `v${String(i * 7).padStart(8, '0')}`]));
    const spec = {
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      name: 'many',
      kind: 0,
      start: [1, 0] as [number, number],
      end: [2, 0] as [number, number],
      attributes,
      status: { code: 0 },
      resource: resource({}),
      scope: { name: 's' },
    };
    const request = { specs: [spec], spans: [readableSpan(spec)] };
    checkRequest(request, decode(request));
    checkRequest(request, decode(request));
  });
});
