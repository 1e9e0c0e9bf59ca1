import { DecodeError } from '../../../pipeline/errors.js';
import type { Attributes, DecodedSpan } from '../../../pipeline/span.js';
import { readJsonAttributes } from './json-attributes.js';
import { asArray, asEnum, asHexId, asObject, asString, fail, isObject, nanosAsMicros, within, type JsonObject } from './json-values.js';

/*
 * OTLP/JSON ExportTraceServiceRequest. Objects are walked key by key with one switch, which
 * accepts lowerCamelCase and snake_case names alike and ignores unknown keys (forward
 * compatibility); null means "not set". Errors name the path to the offending field.
 */

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

/** Replaces invalid UTF-8 with U+FFFD and drops a leading byte-order mark. */
const bodyDecoder = new TextDecoder();
const NOT_BLANK = /\S/;

/** Decodes an OTLP/JSON ExportTraceServiceRequest; throws only DecodeError. */
export function decodeTracesJson(body: string | Uint8Array): DecodedSpan[] {
  const text = typeof body === 'string' ? body : bodyDecoder.decode(body);
  if (!NOT_BLANK.test(text)) return [];
  const request = parse(text);
  const spans: DecodedSpan[] = [];
  for (const field in request) {
    const list = request[field];
    if (list === null || (field !== 'resourceSpans' && field !== 'resource_spans')) continue;
    const items = asArray(list, field);
    for (let i = 0; i < items.length; i++) {
      try {
        readResourceSpans(items[i], spans);
      } catch (error) {
        throw within(`${field}[${i}]`, error);
      }
    }
  }
  return spans;
}

function parse(text: string): JsonObject {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new DecodeError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(root)) throw new DecodeError('JSON body is not an object');
  return root;
}

function readResourceSpans(raw: unknown, spans: DecodedSpan[]): void {
  const resourceSpans = asObject(raw, '');
  // One object per ResourceSpans, shared by its spans; `resource` may come after `scopeSpans`.
  const resource: Attributes = {};
  for (const field in resourceSpans) {
    const value = resourceSpans[field];
    if (value === null) continue;
    if (field === 'resource') {
      const attributes = asObject(value, field).attributes;
      if (attributes !== undefined && attributes !== null) {
        try {
          readJsonAttributes(attributes, resource, 'attributes');
        } catch (error) {
          throw within(field, error);
        }
      }
    } else if (field === 'scopeSpans' || field === 'scope_spans') {
      const items = asArray(value, field);
      for (let j = 0; j < items.length; j++) {
        try {
          readScopeSpans(items[j], resource, spans);
        } catch (error) {
          throw within(`${field}[${j}]`, error);
        }
      }
    }
  }
}

function readScopeSpans(raw: unknown, resource: Attributes, spans: DecodedSpan[]): void {
  const list = asObject(raw, '').spans;
  if (list === undefined || list === null) return;
  const items = asArray(list, 'spans');
  for (let k = 0; k < items.length; k++) {
    try {
      spans.push(readSpan(items[k], resource));
    } catch (error) {
      throw within(`spans[${k}]`, error);
    }
  }
}

function readSpan(raw: unknown, resource: Attributes): DecodedSpan {
  const span = asObject(raw, '');
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startUs = 0;
  let endUs = 0;
  let statusCode = 0;
  let statusMessage = '';
  const attributes: Attributes = {};
  for (const field in span) {
    const value = span[field];
    if (value === null) continue;
    switch (field) {
      case 'traceId':
      case 'trace_id':
        traceId = asHexId(value, 32, field);
        break;
      case 'spanId':
      case 'span_id':
        spanId = asHexId(value, 16, field);
        break;
      case 'parentSpanId':
      case 'parent_span_id':
        parentSpanId = asHexId(value, 16, field);
        break;
      case 'name':
        name = asString(value, field);
        break;
      case 'kind':
        kind = asEnum(value, SPAN_KIND_NAMES, field);
        break;
      case 'startTimeUnixNano':
      case 'start_time_unix_nano':
        startUs = nanosAsMicros(value, field);
        break;
      case 'endTimeUnixNano':
      case 'end_time_unix_nano':
        endUs = nanosAsMicros(value, field);
        break;
      case 'attributes':
        readJsonAttributes(value, attributes, field);
        break;
      case 'status': {
        const status = asObject(value, field);
        for (const statusField in status) {
          const statusValue = status[statusField];
          if (statusValue === null) continue;
          if (statusField === 'code') statusCode = asEnum(statusValue, STATUS_CODE_NAMES, `${field}.code`);
          else if (statusField === 'message') statusMessage = asString(statusValue, `${field}.message`);
        }
        break;
      }
    }
  }
  if (traceId === '') throw fail('traceId', 'missing');
  if (spanId === '') throw fail('spanId', 'missing');
  return { traceId, spanId, parentSpanId, name, kind, startUs, endUs, attributes, resource, statusCode, statusMessage };
}
