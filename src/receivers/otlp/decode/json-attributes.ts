import type { AttributeValue, Attributes } from '../../../pipeline/span.js';
import { MAX_VALUE_DEPTH, setAttribute } from './attributes.js';
import { asArray, asBase64, asBoolean, asDouble, asInt64, asObject, asString, fail, within } from './json-values.js';

/*
 * KeyValue, AnyValue, ArrayValue and KeyValueList in OTLP/JSON. Objects are walked key by key
 * with one switch, which accepts lowerCamelCase and snake_case names alike and ignores unknown
 * keys; null means "not set", as the protobuf JSON mapping defines it.
 */

/** Reads a JSON array of KeyValue into `target`; `path` names the array in error messages. */
export function readJsonAttributes(list: unknown, target: Attributes, path: string): void {
  const items = asArray(list, path);
  for (let n = 0; n < items.length; n++) {
    try {
      readKeyValue(items[n], target, 0);
    } catch (error) {
      throw within(`${path}[${n}]`, error);
    }
  }
}

function readKeyValue(item: unknown, target: Attributes, depth: number): void {
  const keyValue = asObject(item, '');
  let key = '';
  let value: AttributeValue = null;
  for (const field in keyValue) {
    const raw = keyValue[field];
    if (raw === null) continue;
    if (field === 'key') key = asString(raw, field);
    else if (field === 'value') {
      try {
        value = readAnyValue(raw, depth);
      } catch (error) {
        throw within(field, error);
      }
    }
  }
  setAttribute(target, key, value);
}

/** An AnyValue with no value set is null. */
function readAnyValue(raw: unknown, depth: number): AttributeValue {
  if (depth >= MAX_VALUE_DEPTH) throw fail('', `attribute value nested deeper than ${MAX_VALUE_DEPTH} levels`);
  const anyValue = asObject(raw, '');
  let value: AttributeValue = null;
  for (const field in anyValue) {
    const inner = anyValue[field];
    if (inner === null) continue;
    switch (field) {
      case 'stringValue':
      case 'string_value':
        value = asString(inner, field);
        break;
      case 'boolValue':
      case 'bool_value':
        value = asBoolean(inner, field);
        break;
      case 'intValue':
      case 'int_value':
        value = asInt64(inner, field);
        break;
      case 'doubleValue':
      case 'double_value':
        value = asDouble(inner, field);
        break;
      case 'arrayValue':
      case 'array_value':
        try {
          value = readArrayValue(inner, depth + 1);
        } catch (error) {
          throw within(field, error);
        }
        break;
      case 'kvlistValue':
      case 'kvlist_value':
        try {
          value = readKeyValueList(inner, depth + 1);
        } catch (error) {
          throw within(field, error);
        }
        break;
      case 'bytesValue':
      case 'bytes_value':
        value = asBase64(inner, field);
        break;
    }
  }
  return value;
}

function readArrayValue(raw: unknown, depth: number): AttributeValue[] {
  const list = asObject(raw, '').values;
  if (list === undefined || list === null) return [];
  const items = asArray(list, 'values');
  const values: AttributeValue[] = new Array<AttributeValue>(items.length);
  for (let m = 0; m < items.length; m++) {
    try {
      values[m] = readAnyValue(items[m], depth);
    } catch (error) {
      throw within(`values[${m}]`, error);
    }
  }
  return values;
}

function readKeyValueList(raw: unknown, depth: number): Attributes {
  const list = asObject(raw, '').values;
  const values: Attributes = {};
  if (list === undefined || list === null) return values;
  const items = asArray(list, 'values');
  for (let m = 0; m < items.length; m++) {
    try {
      readKeyValue(items[m], values, depth);
    } catch (error) {
      throw within(`values[${m}]`, error);
    }
  }
  return values;
}
