import { DecodeError } from '../../../pipeline/errors.js';
import type { AttributeValue, Attributes } from '../../../pipeline/span.js';
import { MAX_VALUE_DEPTH, setAttribute } from './attributes.js';
import { keyCache, valueCache } from './string-cache.js';
import { fieldSet, type WireReader } from './wire-reader.js';

/*
 * KeyValue, AnyValue, ArrayValue and KeyValueList from opentelemetry/proto/common/v1/common.proto.
 * Cases switch on the whole tag byte (field << 3 | wire type) so the expected wire type costs
 * nothing to check; a known field with another wire type falls through to `skipField`.
 */

const KEY_VALUE_FIELDS = fieldSet(1, 2);
const ANY_VALUE_FIELDS = fieldSet(1, 2, 3, 4, 5, 6, 7);
const VALUES_FIELD = fieldSet(1);

/** Reads a KeyValue of `length` bytes into `target`. */
export function readKeyValue(r: WireReader, length: number, target: Attributes, depth: number): void {
  const end = r.pos + length;
  let key = '';
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a: // 1: key
        key = r.cachedString(end, keyCache);
        break;
      case 0x12: // 2: value
        value = readAnyValue(r, r.length(end), depth);
        break;
      default:
        r.skipField(tag, end, 'KeyValue', KEY_VALUE_FIELDS);
    }
  }
  r.expectEnd(end, 'KeyValue');
  setAttribute(target, key, value);
}

/** Reads an AnyValue of `length` bytes; an empty one (no value set) is null. */
function readAnyValue(r: WireReader, length: number, depth: number): AttributeValue {
  if (depth >= MAX_VALUE_DEPTH) {
    throw new DecodeError(`attribute value nested deeper than ${MAX_VALUE_DEPTH} levels`, r.pos);
  }
  const end = r.pos + length;
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a: // 1: string_value
        value = r.cachedString(end, valueCache);
        break;
      case 0x10: // 2: bool_value
        value = r.bool();
        break;
      case 0x18: // 3: int_value
        value = r.int64();
        break;
      case 0x21: // 4: double_value
        value = r.double(end);
        break;
      case 0x2a: // 5: array_value
        value = readArrayValue(r, r.length(end), depth + 1);
        break;
      case 0x32: // 6: kvlist_value
        value = readKeyValueList(r, r.length(end), depth + 1);
        break;
      case 0x3a: // 7: bytes_value
        value = readBase64(r, r.length(end));
        break;
      default:
        r.skipField(tag, end, 'AnyValue', ANY_VALUE_FIELDS);
    }
  }
  r.expectEnd(end, 'AnyValue');
  return value;
}

function readArrayValue(r: WireReader, length: number, depth: number): AttributeValue[] {
  const end = r.pos + length;
  const values: AttributeValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) values.push(readAnyValue(r, r.length(end), depth)); // 1: values
    else r.skipField(tag, end, 'ArrayValue', VALUES_FIELD);
  }
  r.expectEnd(end, 'ArrayValue');
  return values;
}

function readKeyValueList(r: WireReader, length: number, depth: number): Attributes {
  const end = r.pos + length;
  const values: Attributes = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) readKeyValue(r, r.length(end), values, depth); // 1: values
    else r.skipField(tag, end, 'KeyValueList', VALUES_FIELD);
  }
  r.expectEnd(end, 'KeyValueList');
  return values;
}

/** bytes values travel on as base64, as OTLP/JSON carries them. */
function readBase64(r: WireReader, length: number): string {
  const start = r.pos;
  r.pos += length;
  return Buffer.from(r.buf.buffer, r.buf.byteOffset + start, length).toString('base64');
}
