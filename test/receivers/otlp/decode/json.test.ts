import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../src/pipeline/errors.js';
import { decodeTracesJson } from '../../../../src/receivers/otlp/decode/index.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

/** A one-span request; `span` fields are laid over a minimal valid span. */
function body(span: Record<string, unknown>, resource: unknown = { attributes: [] }): string {
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 's' }, spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, ...span }] }] }] });
}

function attribute(value: unknown): string {
  return body({ attributes: [{ key: 'k', value }] });
}

function valueOf(value: unknown): unknown {
  return decodeTracesJson(attribute(value))[0].attributes.k;
}

function decodeError(input: string | Uint8Array): string {
  try {
    decodeTracesJson(input);
  } catch (error) {
    if (error instanceof DecodeError) return error.message;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('decodeTracesJson', () => {
  it('decodes empty bodies and requests to no spans', () => {
    expect(decodeTracesJson('')).toEqual([]);
    expect(decodeTracesJson(' \n\t')).toEqual([]);
    expect(decodeTracesJson(new Uint8Array())).toEqual([]);
    expect(decodeTracesJson('{}')).toEqual([]);
    expect(decodeTracesJson('{"resourceSpans":[]}')).toEqual([]);
    expect(decodeTracesJson('{"resourceSpans":null}')).toEqual([]);
    expect(decodeTracesJson('{"resourceSpans":[{"scopeSpans":[{}]}]}')).toEqual([]);
  });

  it('decodes every field of the contract, from lowerCamelCase', () => {
    const spans = decodeTracesJson(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: TRACE_ID,
                    spanId: SPAN_ID,
                    parentSpanId: '00f067aa0ba902b7',
                    name: 'chat gpt-4o',
                    kind: 3,
                    startTimeUnixNano: '1760000000123456789',
                    endTimeUnixNano: 1_760_000_001_000_000_000,
                    attributes: [{ key: 'gen_ai.usage.input_tokens', value: { intValue: '1234' } }],
                    status: { code: 2, message: 'rate limited' },
                    events: [{ name: 'ignored' }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(spans).toEqual([
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

  it('accepts snake_case names, as the protobuf JSON mapping allows', () => {
    const camel = decodeTracesJson(
      body({ parentSpanId: SPAN_ID, startTimeUnixNano: '5000', endTimeUnixNano: '9000', attributes: [{ key: 'a', value: { arrayValue: { values: [{ boolValue: true }, { kvlistValue: { values: [{ key: 'x', value: { doubleValue: 1.5 } }] } }] } } }] }),
    );
    const snake = decodeTracesJson(
      JSON.stringify({
        resource_spans: [
          {
            resource: { attributes: [] },
            scope_spans: [
              {
                spans: [
                  {
                    trace_id: TRACE_ID,
                    span_id: SPAN_ID,
                    parent_span_id: SPAN_ID,
                    start_time_unix_nano: '5000',
                    end_time_unix_nano: '9000',
                    attributes: [{ key: 'a', value: { array_value: { values: [{ bool_value: true }, { kvlist_value: { values: [{ key: 'x', value: { double_value: 1.5 } }] } }] } } }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(snake).toEqual(camel);
    expect(snake[0].attributes).toEqual({ a: [true, { x: 1.5 }] });
    expect(snake[0].startUs).toBe(5);
  });

  it('lowercases hex ids of either case and accepts an empty parent id', () => {
    const [span] = decodeTracesJson(body({ traceId: TRACE_ID.toUpperCase(), spanId: 'B7AD6b7169203331', parentSpanId: '' }));
    expect([span.traceId, span.spanId, span.parentSpanId]).toEqual([TRACE_ID, SPAN_ID, '']);
  });

  it('reads int64 from strings and numbers, and times exactly from strings past 2^53', () => {
    expect(valueOf({ intValue: '-9007199254740993' })).toBe(-9007199254740992);
    expect(valueOf({ intValue: -42 })).toBe(-42);
    expect(valueOf({ intValue: '9223372036854775807' })).toBe(2 ** 63);
    expect(decodeTracesJson(body({ startTimeUnixNano: '18446744073709551615' }))[0].startUs).toBe(18_446_744_073_709_551);
    expect(decodeTracesJson(body({ startTimeUnixNano: '9007199254740991999' }))[0].startUs).toBe(9_007_199_254_740_991);
    expect(decodeTracesJson(body({ startTimeUnixNano: '999' }))[0].startUs).toBe(0);
    expect(decodeTracesJson(body({ startTimeUnixNano: 9_007_199_254_740_991 }))[0].startUs).toBe(9_007_199_254_740);
  });

  it('reads doubles from numbers and the special strings', () => {
    expect(valueOf({ doubleValue: 0.25 })).toBe(0.25);
    expect(valueOf({ doubleValue: '1.5' })).toBe(1.5);
    expect(valueOf({ doubleValue: 'NaN' })).toBeNaN();
    expect(valueOf({ doubleValue: '-Infinity' })).toBe(-Infinity);
  });

  it('normalises bytes to standard padded base64', () => {
    expect(valueOf({ bytesValue: '3q2+7w==' })).toBe('3q2+7w==');
    expect(valueOf({ bytesValue: '3q2-7w' })).toBe('3q2+7w==');
  });

  it('accepts enum names as well as integers', () => {
    const [span] = decodeTracesJson(body({ kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR' } }));
    expect([span.kind, span.statusCode]).toEqual([3, 2]);
  });

  it('treats null as unset and ignores unknown keys', () => {
    const [span] = decodeTracesJson(body({ parentSpanId: null, name: null, status: null, futureField: { x: 1 }, attributes: [{ key: 'k', value: { stringValue: null, intValue: 3, newValue: 1 } }, { key: 'n', value: null }] }));
    expect(span.parentSpanId).toBe('');
    expect(span.name).toBe('');
    expect(span.attributes).toEqual({ k: 3, n: null });
  });

  it('shares one resource object per ResourceSpans, even when the resource comes last', () => {
    const spans = decodeTracesJson(
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}"},{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}"}]}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"late"}}]}}]}`,
    );
    expect(spans[0].resource).toEqual({ 'service.name': 'late' });
    expect(spans[1].resource).toBe(spans[0].resource);
  });

  it('keeps a __proto__ key as data, without touching the prototype', () => {
    const [span] = decodeTracesJson(body({ attributes: [{ key: '__proto__', value: { stringValue: 'polluted' } }] }));
    expect(Object.getPrototypeOf(span.attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(span.attributes, '__proto__')?.value).toBe('polluted');
  });

  it('decodes UTF-8 bytes, dropping a byte-order mark and replacing invalid sequences', () => {
    const bytes = new TextEncoder().encode(`\ufeff${body({ name: 'h\u00e9llo' })}`);
    expect(decodeTracesJson(bytes)[0].name).toBe('h\u00e9llo');
    const [before, after] = body({ name: 'A#' }).split('#');
    const withBadByte = Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(after)]);
    expect(decodeTracesJson(withBadByte)[0].name).toBe('A\ufffd');
  });
});

describe('decodeTracesJson on malformed input', () => {
  const at = 'resourceSpans[0].scopeSpans[0].spans[0]';
  const cases: [string, string, string][] = [
    ['invalid JSON', '{"resourceSpans":', 'invalid JSON: Unexpected end of JSON input'],
    ['an array body', '[]', 'JSON body is not an object'],
    ['a number body', '42', 'JSON body is not an object'],
    ['resourceSpans not an array', '{"resourceSpans":{}}', 'resourceSpans: expected an array, got an object'],
    ['a ResourceSpans not an object', '{"resourceSpans":[1]}', 'resourceSpans[0]: expected an object, got number 1'],
    ['a span not an object', '{"resourceSpans":[{"scopeSpans":[{"spans":["x"]}]}]}', `${at}: expected an object, got the string "x"`],
    ['a short traceId', body({ traceId: 'abc' }), `${at}.traceId: expected 32 hex characters, got 3`],
    ['a non-hex spanId', body({ spanId: 'zzzzzzzzzzzzzzzz' }), `${at}.spanId: expected hex characters only`],
    ['a numeric traceId', body({ traceId: 5 }), `${at}.traceId: expected a string, got number 5`],
    ['a missing traceId', body({ traceId: undefined }), `${at}.traceId: missing`],
    ['a missing spanId', body({ spanId: '' }), `${at}.spanId: missing`],
    ['a name that is not a string', body({ name: ['x'] }), `${at}.name: expected a string, got an array`],
    ['a fractional kind', body({ kind: 1.5 }), `${at}.kind: expected an enum integer, got number 1.5`],
    ['an unknown kind name', body({ kind: 'SERVER' }), `${at}.kind: expected an enum integer, got the string "SERVER"`],
    ['a negative time', body({ startTimeUnixNano: -1 }), `${at}.startTimeUnixNano: expected unsigned integer nanoseconds, got number -1`],
    ['a non-decimal time', body({ endTimeUnixNano: '1e9' }), `${at}.endTimeUnixNano: expected unsigned decimal nanoseconds, got "1e9"`],
    ['a 21-digit time', body({ endTimeUnixNano: '1'.repeat(21) }), `${at}.endTimeUnixNano: expected unsigned decimal nanoseconds, got "111111111111111111111"`],
    ['a status code string', body({ status: { code: '2' } }), `${at}.status.code: expected an enum integer, got the string "2"`],
    ['attributes not an array', body({ attributes: {} }), `${at}.attributes: expected an array, got an object`],
    ['a key that is not a string', body({ attributes: [{ key: 1 }] }), `${at}.attributes[0].key: expected a string, got number 1`],
    ['a non-integer intValue', attribute({ intValue: '12a' }), `${at}.attributes[0].value.intValue: expected an integer, got the string "12a"`],
    ['a 20-digit intValue', attribute({ intValue: '1'.repeat(20) }), `${at}.attributes[0].value.intValue: expected an integer, got the string "11111111111111111111"`],
    ['a fractional intValue', attribute({ intValue: 1.5 }), `${at}.attributes[0].value.intValue: expected an integer, got number 1.5`],
    ['a boolValue string', attribute({ boolValue: 'true' }), `${at}.attributes[0].value.boolValue: expected a boolean, got the string "true"`],
    ['a doubleValue word', attribute({ doubleValue: 'fast' }), `${at}.attributes[0].value.doubleValue: expected a number, got the string "fast"`],
    ['invalid base64', attribute({ bytesValue: 'a*b=' }), `${at}.attributes[0].value.bytesValue: expected base64`],
    ['a value that is not an object', attribute('plain'), `${at}.attributes[0].value: expected an object, got the string "plain"`],
    ['a bad nested array element', attribute({ arrayValue: { values: [{ stringValue: 'ok' }, { intValue: 'x' }] } }), `${at}.attributes[0].value.arrayValue.values[1].intValue: expected an integer, got the string "x"`],
    ['a bad kvlist entry', attribute({ kvlist_value: { values: [{ key: 'a', value: { boolValue: 0 } }] } }), `${at}.attributes[0].value.kvlist_value.values[0].value.boolValue: expected a boolean, got number 0`],
    ['a bad resource attribute', body({}, { attributes: [{ key: 'a', value: { stringValue: 1 } }] }), 'resourceSpans[0].resource.attributes[0].value.stringValue: expected a string, got number 1'],
    ['a resource that is not an object', body({}, 'r'), 'resourceSpans[0].resource: expected an object, got the string "r"'],
  ];

  it.each(cases)('rejects %s with a DecodeError naming the field', (_, input, message) => {
    expect(decodeError(input)).toBe(message);
  });

  it('shortens long offending values in messages', () => {
    expect(decodeError(attribute({ intValue: 'x'.repeat(10_000) }))).toBe(`${at}.attributes[0].value.intValue: expected an integer, got the string "${'x'.repeat(40)}…"`);
  });

  it('limits attribute values to 32 levels of nesting, without overflowing the stack', () => {
    const nested = (levels: number): unknown => {
      let value: unknown = { stringValue: 'leaf' };
      for (let i = 0; i < levels; i++) value = { arrayValue: { values: [value] } };
      return value;
    };
    let expected: unknown = 'leaf';
    for (let i = 0; i < 31; i++) expected = [expected];
    expect(valueOf(nested(31))).toEqual(expected);
    expect(decodeError(attribute(nested(32)))).toMatch(/^resourceSpans\[0\].*\.values\[0\]: attribute value nested deeper than 32 levels$/);
    const deep = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}","attributes":[{"key":"k","value":${'{"arrayValue":{"values":['.repeat(100_000)}${']}}'.repeat(100_000)}}]}]}]}]}`;
    expect(decodeError(deep)).toMatch(/attribute value nested deeper than 32 levels$/);
  });
});
