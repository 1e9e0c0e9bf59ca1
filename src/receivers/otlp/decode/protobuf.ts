import { DecodeError } from '../../../pipeline/errors.js';
import type { Attributes, DecodedSpan } from '../../../pipeline/span.js';
import { bytesToHex } from './hex.js';
import { readKeyValue } from './protobuf-attributes.js';
import { idCache, valueCache, type StringCache } from './string-cache.js';
import { fieldSet, WireReader } from './wire-reader.js';

/*
 * ExportTraceServiceRequest -> ResourceSpans -> ScopeSpans -> Span, from
 * opentelemetry/proto/collector/trace/v1/trace_service.proto and trace/v1/trace.proto.
 * Only what DecodedSpan carries is materialised: scopes, events, links, trace state, flags and
 * dropped counts are skipped without being decoded. Cases switch on the whole tag byte.
 */

const REQUEST_FIELDS = fieldSet(1);
const RESOURCE_SPANS_FIELDS = fieldSet(1, 2);
const RESOURCE_FIELDS = fieldSet(1);
const SCOPE_SPANS_FIELDS = fieldSet(2);
const SPAN_FIELDS = fieldSet(1, 2, 4, 5, 6, 7, 8, 9, 15);
const STATUS_FIELDS = fieldSet(2, 3);

/** Decodes an OTLP ExportTraceServiceRequest; throws only DecodeError. */
export function decodeTracesProtobuf(bytes: Uint8Array): DecodedSpan[] {
  const r = new WireReader(bytes);
  const end = bytes.length;
  const spans: DecodedSpan[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) readResourceSpans(r, r.length(end), spans); // 1: resource_spans
    else r.skipField(tag, end, 'ExportTraceServiceRequest', REQUEST_FIELDS);
  }
  return spans;
}

/**
 * The number of spans in an ExportTraceServiceRequest, read from the framing alone (a few varints
 * a span, nothing allocated for one): receivers refuse an overloaded request by it before
 * decoding, so 429s under overload cost next to nothing. Throws DecodeError on malformed framing.
 */
export function countSpansProtobuf(bytes: Uint8Array): number {
  return sumOverSpans(bytes, () => 1);
}

/**
 * Sums `each` over the spans of an ExportTraceServiceRequest, reading only the framing down to
 * them; `each` gets the reader at a span's first field and the span's end. The span counter and
 * the bench's id rewriter (bench/fresh-ids.ts) walk the request this way. Throws DecodeError on
 * malformed framing.
 */
export function sumOverSpans(bytes: Uint8Array, each: (r: WireReader, spanEnd: number) => number): number {
  const ofScope = (r: WireReader, end: number) => sumOverFields(r, end, 0x12, 'ScopeSpans', each);
  const ofResource = (r: WireReader, end: number) => sumOverFields(r, end, 0x12, 'ResourceSpans', ofScope);
  return sumOverFields(new WireReader(bytes), bytes.length, 0x0a, 'ExportTraceServiceRequest', ofResource);
}

/**
 * Sums `each` over the values of one length-delimited field (`tag`) of the message that ends at
 * `end`, skipping its other fields; `each` gets the reader at the value and the value's end.
 */
function sumOverFields(r: WireReader, end: number, tag: number, message: string, each: (r: WireReader, end: number) => number): number {
  // The one field read, as a fieldSet (spelt out: this runs for every resource and scope of a
  // request the receivers admit, and fieldSet's argument list is an allocation).
  const read = 1 << (tag >>> 3);
  let count = 0;
  while (r.pos < end) {
    const fieldTag = r.uint32();
    if (fieldTag !== tag) {
      r.skipField(fieldTag, end, message, read);
      continue;
    }
    const length = r.length(end);
    const fieldEnd = r.pos + length;
    count += each(r, fieldEnd);
    r.pos = fieldEnd;
  }
  r.expectEnd(end, message);
  return count;
}

function readResourceSpans(r: WireReader, length: number, spans: DecodedSpan[]): void {
  const end = r.pos + length;
  // Created before the fields are read because `resource` may follow `scope_spans` on the wire;
  // filling it in place keeps one shared object for every span of this ResourceSpans.
  const resource: Attributes = {};
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a: // 1: resource
        readResource(r, r.length(end), resource);
        break;
      case 0x12: // 2: scope_spans
        readScopeSpans(r, r.length(end), resource, spans);
        break;
      default:
        r.skipField(tag, end, 'ResourceSpans', RESOURCE_SPANS_FIELDS);
    }
  }
  r.expectEnd(end, 'ResourceSpans');
}

function readResource(r: WireReader, length: number, resource: Attributes): void {
  const end = r.pos + length;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) readKeyValue(r, r.length(end), resource, 0); // 1: attributes
    else r.skipField(tag, end, 'Resource', RESOURCE_FIELDS);
  }
  r.expectEnd(end, 'Resource');
}

function readScopeSpans(r: WireReader, length: number, resource: Attributes, spans: DecodedSpan[]): void {
  const end = r.pos + length;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x12) spans.push(readSpan(r, r.length(end), resource)); // 2: spans
    else r.skipField(tag, end, 'ScopeSpans', SCOPE_SPANS_FIELDS);
  }
  r.expectEnd(end, 'ScopeSpans');
}

function readSpan(r: WireReader, length: number, resource: Attributes): DecodedSpan {
  const start = r.pos;
  const end = start + length;
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
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a: // 1: trace_id
        traceId = readId(r, end, 16, 'trace_id', idCache);
        break;
      case 0x12: // 2: span_id
        spanId = readId(r, end, 8, 'span_id', null);
        break;
      case 0x22: // 4: parent_span_id, empty for a root span
        parentSpanId = readId(r, end, 8, 'parent_span_id', idCache);
        break;
      case 0x2a: // 5: name
        name = r.cachedString(end, valueCache);
        break;
      case 0x30: // 6: kind
        kind = r.uint32() | 0;
        break;
      case 0x39: // 7: start_time_unix_nano
        startUs = r.nanosAsMicros(end);
        break;
      case 0x41: // 8: end_time_unix_nano
        endUs = r.nanosAsMicros(end);
        break;
      case 0x4a: // 9: attributes
        readKeyValue(r, r.length(end), attributes, 0);
        break;
      case 0x7a: {
        // 15: status, inlined so a span allocates no object for it
        const statusLength = r.length(end);
        const statusEnd = r.pos + statusLength;
        while (r.pos < statusEnd) {
          const statusTag = r.uint32();
          if (statusTag === 0x12) statusMessage = r.string(statusEnd); // 2: message
          else if (statusTag === 0x18) statusCode = r.uint32() | 0; // 3: code
          else r.skipField(statusTag, statusEnd, 'Status', STATUS_FIELDS);
        }
        r.expectEnd(statusEnd, 'Status');
        break;
      }
      default:
        r.skipField(tag, end, 'Span', SPAN_FIELDS);
    }
  }
  r.expectEnd(end, 'Span');
  if (traceId === '') throw new DecodeError('span has no trace_id', start);
  if (spanId === '') throw new DecodeError('span has no span_id', start);
  return { traceId, spanId, parentSpanId, name, kind, startUs, endUs, attributes, resource, statusCode, statusMessage };
}

/**
 * A trace or span id: exactly `size` bytes, or none at all (the proto3 default). Trace and
 * parent ids recur across the spans of a run, so they go through `idCache`; span ids are unique.
 */
function readId(r: WireReader, end: number, size: number, field: string, cache: StringCache | null): string {
  const lengthAt = r.pos;
  const length = r.length(end);
  if (length !== size && length !== 0) {
    throw new DecodeError(`${field} is ${length} bytes, expected ${size}`, lengthAt);
  }
  const start = r.pos;
  r.pos = start + length;
  return cache === null ? bytesToHex(r.buf, start, start + length) : cache.get(r.buf, r.view, start, start + length);
}
