import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../src/pipeline/errors.js';
import type { AttributeValue, Attributes, DecodedSpan } from '../../../../src/pipeline/span.js';
import { countSpansProtobuf, decodeTracesJson, decodeTracesProtobuf } from '../../../../src/receivers/otlp/decode/index.js';
import { Random, randomRequest } from './random-spans.js';
import { readableSpan, resource } from './readable-spans.js';

/*
 * Malformed input must end in a DecodeError or in well-formed spans: never another exception,
 * a hang, or a span that breaks the contract. Seeded, with fixed iteration counts, so a
 * failure reproduces and the whole file runs in a few seconds.
 */

type Outcome = 'spans' | 'error';

function outcome(decode: () => DecodedSpan[], describeInput: () => string): Outcome {
  let spans: DecodedSpan[];
  try {
    spans = decode();
  } catch (error) {
    if (error instanceof DecodeError) return 'error';
    throw new Error(`${describeInput()} threw ${String(error)}`);
  }
  for (const span of spans) {
    const problem = contractViolation(span);
    if (problem !== undefined) throw new Error(`${describeInput()} decoded a span with ${problem}: ${JSON.stringify(span)}`);
  }
  return 'spans';
}

function contractViolation(span: DecodedSpan): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(span.traceId)) return 'a bad traceId';
  if (!/^[0-9a-f]{16}$/.test(span.spanId)) return 'a bad spanId';
  if (!/^([0-9a-f]{16})?$/.test(span.parentSpanId)) return 'a bad parentSpanId';
  if (typeof span.name !== 'string' || typeof span.statusMessage !== 'string') return 'a non-string name or message';
  for (const n of [span.kind, span.statusCode, span.startUs, span.endUs]) if (!Number.isInteger(n)) return 'a non-integer number';
  if (span.startUs < 0 || span.endUs < 0) return 'a negative time';
  if (!isAttributes(span.attributes, 0) || !isAttributes(span.resource, 0)) return 'malformed attributes';
  return undefined;
}

function isAttributes(value: unknown, depth: number): value is Attributes {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype &&
    Object.values(value).every((v: unknown) => isValue(v, depth + 1))
  );
}

function isValue(value: unknown, depth: number): value is AttributeValue {
  if (depth > 33) return false;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every((v: unknown) => isValue(v, depth + 1));
  return isAttributes(value, depth);
}

function protobufOf(seed: number, maxSpans = 3): Uint8Array {
  return ProtobufTraceSerializer.serializeRequest(randomRequest(new Random(seed), maxSpans).spans) ?? new Uint8Array();
}

/** A request with one ResourceSpans, so that every proper non-empty prefix is malformed. */
function singleResourceRequest(): Uint8Array {
  const shared = resource({ 'service.name': 'svc', n: 1 });
  const spans = [1, 2].map((i) =>
    readableSpan({
      traceId: 'ab'.repeat(16),
      spanId: `${i}`.repeat(16),
      parentSpanId: 'cd'.repeat(8),
      name: 'chat m\u00e9',
      kind: 2,
      start: [1_700_000_000, 5],
      end: [1_700_000_001, 7],
      attributes: { s: 'v', i: -5, d: 0.5, b: true, a: ['x', 2], o: { k: new Uint8Array([1, 2]) } },
      status: { code: 2, message: 'e' },
      resource: shared,
      scope: { name: 'scope' },
      events: [{ name: 'ev', time: [1, 2], attributes: { e: 1 } }],
    }),
  );
  return ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * The protobuf outcome, checked against the span counter the receivers admit requests by: it too
 * throws nothing but DecodeError, and whenever the bytes decode it counts exactly their spans.
 */
function protobufOutcome(bytes: Uint8Array, describeInput: () => string): Outcome {
  let counted: number | undefined;
  try {
    counted = countSpansProtobuf(bytes);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw new Error(`${describeInput()}: counting threw ${String(error)}`);
  }
  let decoded: DecodedSpan[] = [];
  const result = outcome(() => (decoded = decodeTracesProtobuf(bytes)), describeInput);
  if (result === 'spans' && counted !== decoded.length) throw new Error(`${describeInput()}: counted ${counted} spans, decoded ${decoded.length}`);
  return result;
}

describe('protobuf decoder fuzzing', () => {
  it('rejects every truncation of a one-resource request', () => {
    const bytes = singleResourceRequest();
    expect(protobufOutcome(bytes, () => 'full')).toBe('spans');
    for (let end = 1; end < bytes.length; end++) {
      const prefix = bytes.subarray(0, end);
      expect(protobufOutcome(prefix, () => `prefix ${end} of ${hex(bytes)}`)).toBe('error');
    }
  });

  it('survives bit flips, byte overwrites, inflated lengths, insertions and deletions', () => {
    const rnd = new Random(7);
    const bases = [singleResourceRequest(), ...[1, 2, 3, 4].map((seed) => protobufOf(seed))];
    const seen = { spans: 0, error: 0 };
    for (let i = 0; i < 4000; i++) {
      const base = rnd.pick(bases);
      const bytes = Array.from(base);
      const at = rnd.int(bytes.length);
      switch (rnd.int(5)) {
        case 0:
          bytes[at] ^= 1 << rnd.int(8);
          break;
        case 1:
          bytes[at] = rnd.pick([0x00, 0x7f, 0x80, 0xff, rnd.int(256)]);
          break;
        case 2:
          // A length (or any varint) made huge, or made longer than 10 bytes.
          bytes.splice(at, 0, ...rnd.pick([[0xff, 0xff, 0xff, 0x0f], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0xff]]));
          break;
        case 3:
          bytes.splice(at, 1 + rnd.int(8));
          break;
        default:
          bytes.splice(at, 0, ...Array.from({ length: 1 + rnd.int(8) }, () => rnd.int(256)));
      }
      const mutated = Uint8Array.from(bytes);
      seen[protobufOutcome(mutated, () => `mutation ${i}: ${hex(mutated)}`)]++;
    }
    // Both outcomes occur: the mutations reach deep enough to be survivable, and to be fatal.
    expect(seen.error).toBeGreaterThan(700);
    expect(seen.spans).toBeGreaterThan(300);
  });

  it('survives random bytes', () => {
    const rnd = new Random(11);
    const seen = { spans: 0, error: 0 };
    for (let i = 0; i < 5000; i++) {
      // Half start like a request (field 1, length-delimited) so the decoder gets past the first tag.
      const length = rnd.int(120);
      const bytes = Uint8Array.from({ length }, () => rnd.int(256));
      if (i % 2 === 0 && length > 2) [bytes[0], bytes[1]] = [0x0a, length - 2];
      seen[protobufOutcome(bytes, () => `random ${hex(bytes)}`)]++;
    }
    expect(seen.error).toBeGreaterThan(2000);
  });
});

const WRONG_VALUES: readonly unknown[] = [null, 0, -1, 1.5, 2 ** 70, '', 'x', 'zz'.repeat(40), true, [], [1], {}, { a: 1 }];

/** Every (container, key) in a parsed JSON document. */
function slots(node: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      out.push([node, i]);
      slots(child, out);
    });
  } else if (typeof node === 'object' && node !== null) {
    const object = node as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      out.push([object, key]);
      slots(object[key], out);
    }
  }
  return out;
}

function jsonOf(seed: number): string {
  const bytes = JsonTraceSerializer.serializeRequest(randomRequest(new Random(seed), 2).spans) ?? new Uint8Array();
  return new TextDecoder().decode(bytes);
}

describe('JSON decoder fuzzing', () => {
  it('survives a wrong type in every field, and every field removed', () => {
    const seen = { spans: 0, error: 0 };
    for (const seed of [21, 22, 23]) {
      const document: unknown = JSON.parse(jsonOf(seed));
      for (const [container, key] of slots(document)) {
        const original = (container as Record<string | number, unknown>)[key];
        for (const wrong of [...WRONG_VALUES, undefined]) {
          (container as Record<string | number, unknown>)[key] = wrong;
          const text = JSON.stringify(document);
          seen[outcome(() => decodeTracesJson(text), () => `seed ${seed}, ${String(key)} = ${JSON.stringify(wrong)}: ${text}`)]++;
        }
        (container as Record<string | number, unknown>)[key] = original;
      }
    }
    expect(seen.error).toBeGreaterThan(1000);
    expect(seen.spans).toBeGreaterThan(500);
  });

  it('survives character-level mutations', () => {
    const rnd = new Random(5);
    const bases = [31, 32, 33, 34].map(jsonOf);
    const alphabet = ['{', '}', '[', ']', '"', ':', ',', '0', '-', 'a', '\\', ' ', 'null', '1e999', '\u0000', '\ud800'];
    const seen = { spans: 0, error: 0 };
    for (let i = 0; i < 2500; i++) {
      const base = rnd.pick(bases);
      const at = rnd.int(base.length);
      const cut = rnd.int(3);
      const text = base.slice(0, at) + (rnd.next() < 0.7 ? rnd.pick(alphabet) : '') + base.slice(at + cut);
      seen[outcome(() => decodeTracesJson(text), () => `mutation ${i}: ${text}`)]++;
      seen[outcome(() => decodeTracesJson(new TextEncoder().encode(text)), () => `mutation ${i} as bytes: ${text}`)]++;
    }
    expect(seen.error).toBeGreaterThan(1000);
    expect(seen.spans).toBeGreaterThan(500);
  });
});
