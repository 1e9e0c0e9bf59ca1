import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../src/pipeline/errors.js';
import { decodeTracesProtobuf } from '../../../../src/receivers/otlp/decode/index.js';
import {
  double,
  END_GROUP,
  FIXED32,
  FIXED64,
  fixed64,
  hexBytes,
  len,
  request,
  span,
  SPAN_ID,
  START_GROUP,
  str,
  stringAttribute,
  tag,
  TRACE_ID,
  u8,
  VARINT,
  varint,
  type Bytes,
} from './proto-bytes.js';

function decodeError(bytes: Uint8Array): DecodeError {
  try {
    decodeTracesProtobuf(bytes);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

/** The single decoded value of attribute "k" of a one-span request whose AnyValue is `anyValue`. */
function valueOf(...anyValue: Bytes[]): unknown {
  const [decoded] = decodeTracesProtobuf(request(span(len(9, str(1, 'k'), len(2, ...anyValue)))));
  return decoded.attributes.k;
}

/** Unknown fields of every wire type, including a group with a nested group inside. */
const UNKNOWN: Bytes = [
  ...tag(100, VARINT), ...varint(-1),
  ...tag(101, FIXED64), ...fixed64(7n),
  ...len(102, [1, 2, 3]),
  ...tag(103, FIXED32), 1, 2, 3, 4,
  ...tag(104, START_GROUP), ...tag(1, VARINT), 5, ...tag(2, START_GROUP), ...tag(2, END_GROUP), ...tag(104, END_GROUP),
];

describe('decodeTracesProtobuf', () => {
  it('decodes an empty request to no spans', () => {
    expect(decodeTracesProtobuf(new Uint8Array())).toEqual([]);
    expect(decodeTracesProtobuf(u8(len(1)))).toEqual([]);
  });

  it('decodes every field of the contract', () => {
    const bytes = u8(
      len(1, len(1, stringAttribute(1, 'service.name', 'svc')),
        len(2, len(1, str(1, 'scope')), len(2,
          len(1, hexBytes(TRACE_ID)), len(2, hexBytes(SPAN_ID)), len(4, hexBytes('00f067aa0ba902b7')),
          str(5, 'chat gpt-4o'), tag(6, VARINT), [3],
          tag(7, FIXED64), fixed64(1_760_000_000_123_456_789n), tag(8, FIXED64), fixed64(1_760_000_001_000_000_999n),
          len(9, str(1, 'gen_ai.usage.input_tokens'), len(2, tag(3, VARINT), varint(1234))),
          len(15, str(2, 'rate limited'), tag(3, VARINT), [2]),
        ))),
    );
    expect(decodeTracesProtobuf(bytes)).toEqual([
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        parentSpanId: '00f067aa0ba902b7',
        name: 'chat gpt-4o',
        kind: 3,
        startUs: 1_760_000_000_123_456,
        endUs: 1_760_000_001_000_000,
        attributes: { 'gen_ai.usage.input_tokens': 1234 },
        resource: { 'service.name': 'svc' },
        statusCode: 2,
        statusMessage: 'rate limited',
      },
    ]);
  });

  it('skips unknown fields of every wire type at every level', () => {
    const plain = u8(len(1, len(1, stringAttribute(1, 'a', 'b')), len(2, span(stringAttribute(9, 'k', 'v'), len(15, tag(3, VARINT), [1])))));
    const withUnknown = u8(
      UNKNOWN,
      len(1, UNKNOWN, len(1, UNKNOWN, len(1, UNKNOWN, str(1, 'a'), len(2, UNKNOWN, str(1, 'b')))),
        len(2, UNKNOWN, span(UNKNOWN, len(9, UNKNOWN, str(1, 'k'), len(2, str(1, 'v'), UNKNOWN)), len(15, UNKNOWN, tag(3, VARINT), [1])))),
    );
    expect(decodeTracesProtobuf(withUnknown)).toEqual(decodeTracesProtobuf(plain));
    expect(decodeTracesProtobuf(plain)[0].attributes).toEqual({ k: 'v' });
  });

  it('shares one resource object per ResourceSpans, even when the resource comes last', () => {
    const bytes = u8(
      len(1, len(2, span(), span()), len(1, stringAttribute(1, 'service.name', 'late'))),
      len(1, len(1, stringAttribute(1, 'service.name', 'other')), len(2, span())),
    );
    const [a, b, c] = decodeTracesProtobuf(bytes);
    expect(a.resource).toEqual({ 'service.name': 'late' });
    expect(b.resource).toBe(a.resource);
    expect(c.resource).toEqual({ 'service.name': 'other' });
  });

  it('reads a request that sits at an offset inside a larger buffer', () => {
    const bytes = request(span(str(5, 'offset')));
    const backing = new Uint8Array(bytes.length + 7).fill(0xff);
    backing.set(bytes, 3);
    expect(decodeTracesProtobuf(backing.subarray(3, 3 + bytes.length))[0].name).toBe('offset');
    expect(decodeTracesProtobuf(Buffer.from(backing.buffer, 3, bytes.length))[0].name).toBe('offset');
  });

  it('converts int64 values, including negatives and values past 2^53', () => {
    const int = (value: bigint): unknown => valueOf(tag(3, VARINT), varint(value));
    expect(int(0n)).toBe(0);
    expect(int(300n)).toBe(300);
    expect(int(-1n)).toBe(-1);
    expect(int(-300n)).toBe(-300);
    expect(int(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(int(-(2n ** 53n) + 1n)).toBe(Number.MIN_SAFE_INTEGER);
    expect(int(2n ** 53n + 1n)).toBe(2 ** 53);
    expect(int(-(2n ** 63n))).toBe(-(2 ** 63));
    expect(int(2n ** 63n - 1n)).toBe(2 ** 63);
    expect(int(4_294_967_296n)).toBe(4_294_967_296);
  });

  it('converts nanoseconds to micros exactly for random 64-bit times below 2^53 micros', () => {
    let state = 12345n;
    for (let i = 0; i < 2000; i++) {
      state = (state * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      const nanos = state % 9_007_199_254_740_991_000n;
      const [decoded] = decodeTracesProtobuf(request(span(tag(7, FIXED64), fixed64(nanos))));
      expect(decoded.startUs).toBe(Number(nanos / 1000n));
    }
    const [max] = decodeTracesProtobuf(request(span(tag(8, FIXED64), fixed64(2n ** 64n - 1n))));
    expect(max.endUs).toBeCloseTo(18_446_744_073_709_551, -3);
  });

  it('decodes bools, doubles, bytes, empty values, arrays and kvlists', () => {
    expect(valueOf(tag(2, VARINT), varint(2))).toBe(true);
    expect(valueOf(tag(2, VARINT), varint(2n ** 32n))).toBe(true);
    expect(valueOf(tag(2, VARINT), [0])).toBe(false);
    expect(valueOf(tag(4, FIXED64), double(Number.NaN))).toBeNaN();
    expect(valueOf(tag(4, FIXED64), double(-Infinity))).toBe(-Infinity);
    expect(valueOf(tag(4, FIXED64), double(0.1))).toBe(0.1);
    expect(valueOf(len(7, [0xde, 0xad, 0xbe, 0xef]))).toBe('3q2+7w==');
    expect(valueOf()).toBeNull();
    expect(valueOf(len(5, len(1, str(1, 'a')), len(1), len(1, len(5, len(1, tag(3, VARINT), [7])))))).toEqual(['a', null, [7]]);
    expect(valueOf(len(6, len(1, str(1, 'x'), len(2, tag(2, VARINT), [1])), len(1, str(1, 'y'))))).toEqual({ x: true, y: null });
  });

  it('takes the last value when a oneof field repeats, as protobuf does', () => {
    expect(valueOf(str(1, 'first'), tag(3, VARINT), [9])).toBe(9);
  });

  it('keeps a __proto__ key as data, without touching the prototype', () => {
    const attributes = valueOf(len(6, len(1, str(1, '__proto__'), len(2, str(1, 'polluted')))));
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes as object)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toBe('polluted');
  });

  it('replaces invalid UTF-8 and keeps a leading byte-order mark', () => {
    const bad = (extra: number): Bytes => len(1, [0x61, 0xff, 0x62, ...Array<number>(extra).fill(0x63)]);
    expect(valueOf(bad(0))).toBe('a\ufffdb');
    expect(valueOf(bad(80))).toBe(`a\ufffdb${'c'.repeat(80)}`);
    expect(valueOf(str(1, '\ufeffbom'))).toBe('\ufeffbom');
    expect(valueOf(str(1, 'h\u00e9llo \u{1f600}'))).toBe('h\u00e9llo \u{1f600}');
  });

  it('reads an empty parent_span_id as a root span', () => {
    expect(decodeTracesProtobuf(request(span(len(4))))[0].parentSpanId).toBe('');
  });
});

describe('decodeTracesProtobuf on malformed input', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['a truncated varint', u8([0x0a]), /^truncated varint \(at byte 1\)$/],
    ['a varint longer than 10 bytes', u8([0x0a], Array<number>(11).fill(0x80)), /^varint longer than 10 bytes/],
    ['a length past the end', u8([0x0a, 0x05, 0x01]), /^length 5 runs past the end of its message/],
    ['a nested length past its parent', u8(len(1, len(2, [0x12, 0x0a, 0, 0])), [0, 0, 0, 0, 0, 0, 0, 0]), /^length 10 runs past the end/],
    ['field number 0', u8([0x00, 0x01]), /^invalid field number 0/],
    ['wire type 7 on an unknown field', u8(tag(5, 7)), /^invalid wire type 7 for field 5/],
    ['a known field with a wrong wire type', request(span(tag(7, VARINT), [1])), /^wrong wire type 0 for field 7 of Span/],
    ['resource_spans as a varint', u8(tag(1, VARINT), [1]), /^wrong wire type 0 for field 1 of ExportTraceServiceRequest/],
    ['a string value as fixed32', u8(len(1, len(2, span(len(9, str(1, 'k'), len(2, tag(1, FIXED32), [0, 0, 0, 0])))))), /^wrong wire type 5 for field 1 of AnyValue/],
    ['a 15-byte trace_id', request(len(2, len(1, Array<number>(15).fill(1)), len(2, hexBytes(SPAN_ID)))), /^trace_id is 15 bytes, expected 16/],
    ['a 4-byte span_id', request(len(2, len(1, hexBytes(TRACE_ID)), len(2, [1, 2, 3, 4]))), /^span_id is 4 bytes, expected 8/],
    ['a 9-byte parent_span_id', request(span(len(4, Array<number>(9).fill(1)))), /^parent_span_id is 9 bytes, expected 8/],
    ['a span without trace_id', request(len(2, len(2, hexBytes(SPAN_ID)))), /^span has no trace_id/],
    ['a span without span_id', request(len(2, len(1, hexBytes(TRACE_ID)))), /^span has no span_id/],
    ['a truncated fixed64 time', request(span(tag(7, FIXED64), [1, 2, 3])), /^truncated fixed64/],
    ['a truncated double', request(span(len(9, str(1, 'k'), len(2, tag(4, FIXED64), [0, 0])))), /^truncated double/],
    ['a varint that straddles the end of its span', u8(len(1, len(2, [...tag(2, 2), 29, ...span().slice(2), ...tag(6, VARINT), 0xff]), [0x01])), /^last field of Span runs past its end/],
    ['an unclosed group', u8(tag(5, START_GROUP), tag(1, VARINT), [1]), /^group 5 is not closed/],
    ['a group closed by another field', u8(tag(5, START_GROUP), tag(6, END_GROUP)), /^end-group tag for field 6 closes group 5/],
    ['a stray end-group tag', u8(tag(5, END_GROUP)), /^unexpected end-group tag for field 5/],
    ['100 nested groups', u8(...Array.from({ length: 100 }, () => tag(5, START_GROUP))), /^groups nested deeper than 32 levels/],
  ];

  it.each(cases)('rejects %s with a DecodeError naming it', (_, bytes, message) => {
    expect(decodeError(bytes).message).toMatch(message);
  });

  it('limits attribute values to 32 levels of nesting, without overflowing the stack', () => {
    const nested = (levels: number): Bytes => {
      let value: Bytes = str(1, 'leaf');
      for (let i = 0; i < levels; i++) value = len(5, len(1, value));
      return value;
    };
    let expected: unknown = 'leaf';
    for (let i = 0; i < 31; i++) expected = [expected];
    expect(valueOf(nested(31))).toEqual(expected);
    expect(decodeError(request(span(len(9, str(1, 'k'), len(2, nested(32)))))).message).toMatch(/^attribute value nested deeper than 32 levels/);

    // 20,000 levels would overflow the stack of a decoder without the limit. Written back to
    // front: each level is AnyValue{array_value: ArrayValue{values: <inner AnyValue>}}.
    const levels = 20_000;
    const out = new Uint8Array(levels * 8 + 6);
    let pos = out.length - 6;
    out.set(str(1, 'leaf'), pos);
    const prepend = (fieldTag: number): void => {
      const size = out.length - pos;
      const lengthBytes = size < 0x80 ? [size] : size < 0x4000 ? [(size & 0x7f) | 0x80, size >>> 7] : [(size & 0x7f) | 0x80, ((size >>> 7) & 0x7f) | 0x80, size >>> 14];
      pos -= lengthBytes.length + 1;
      out.set([fieldTag, ...lengthBytes], pos);
    };
    for (let i = 0; i < levels; i++) {
      prepend(0x0a);
      prepend(0x2a);
    }
    const deep = Array.from(out.subarray(pos));
    expect(decodeError(request(span(len(9, str(1, 'k'), len(2, deep))))).message).toMatch(/^attribute value nested deeper than 32 levels/);
  });
});
