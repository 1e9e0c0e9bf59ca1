/**
 * Hand-built protobuf bytes for tests that need encodings no serializer produces: wrong wire
 * types, unknown fields, groups, truncations, over-long varints.
 */
export type Bytes = number[];

export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const START_GROUP = 3;
export const END_GROUP = 4;
export const FIXED32 = 5;

/** A varint of any unsigned or signed 64-bit value (negatives as two's complement). */
export function varint(value: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export function tag(field: number, wireType: number): Bytes {
  return varint((field << 3) | wireType);
}

export function fixed64(value: bigint): Bytes {
  const out: Bytes = [];
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < 8; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

export function double(value: number): Bytes {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return [...new Uint8Array(view.buffer)];
}

/** field = length-delimited content */
export function len(field: number, ...content: Bytes[]): Bytes {
  const body = concat(content);
  return concat([tag(field, LEN), varint(body.length), body]);
}

/** Array.prototype.concat copies in bulk; spreading a large array would go element by element. */
function concat(parts: Bytes[]): Bytes {
  return ([] as Bytes).concat(...parts);
}

export function str(field: number, text: string): Bytes {
  return len(field, [...new TextEncoder().encode(text)]);
}

export function hexBytes(hex: string): Bytes {
  return hex.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? [];
}

export function u8(...parts: Bytes[]): Uint8Array {
  return Uint8Array.from(concat(parts));
}

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const SPAN_ID = 'b7ad6b7169203331';

/** A KeyValue with a string value. */
export function stringAttribute(field: number, key: string, value: string): Bytes {
  return len(field, str(1, key), len(2, str(1, value)));
}

/** The smallest valid span: ids only, plus what `fields` adds. */
export function span(...fields: Bytes[]): Bytes {
  return len(2, len(1, hexBytes(TRACE_ID)), len(2, hexBytes(SPAN_ID)), ...fields);
}

/** An ExportTraceServiceRequest with one ResourceSpans and one ScopeSpans holding `spans`. */
export function request(...spans: Bytes[]): Uint8Array {
  return u8(len(1, len(2, ...spans)));
}
