import { sumOverSpans } from '../receivers/otlp/decode/protobuf.js';
import type { WireReader } from '../receivers/otlp/decode/wire-reader.js';

/** A span's id fields, all length-delimited. */
const ID_TAGS = new Set([(1 << 3) | 2, (2 << 3) | 2, (4 << 3) | 2]); // trace_id, span_id, parent_span_id

/**
 * A copy of an OTLP/protobuf ExportTraceServiceRequest whose every trace id, span id and parent
 * span id is changed the same way (a mask made from `round` XORed into its first four bytes), so
 * the spans are new to the server while their traces keep their shape. A long load sends its
 * bodies again this way rather than making each one with the SDK: a 4,000-request overload made
 * up front would take ~30 s and ~1.4 GB of the bench's memory. Equal rounds give equal ids;
 * round 0 changes nothing. Start and end times are kept, so later rounds' spans are older than
 * what the server's in-memory duplicate keys still cover and it also asks the database about
 * them; shifting each round's times forward instead changed neither the overload's accepted
 * rate nor its memory peak (two alternating 4,000-request overloads each, 2026-12-05).
 */
export function withFreshIds(body: Uint8Array, round: number): Uint8Array {
  const copy = new Uint8Array(body);
  const mask = roundMask(round);
  sumOverSpans(copy, (r, spanEnd) => xorIds(r, spanEnd, copy, mask));
  return copy;
}

/** XORs `mask` into the ids of the span that ends at `end`; counts it. */
function xorIds(r: WireReader, end: number, bytes: Uint8Array, mask: readonly number[]): number {
  while (r.pos < end) {
    const tag = r.uint32();
    if (!ID_TAGS.has(tag)) {
      r.skipField(tag, end, 'Span', 0);
      continue;
    }
    const length = r.length(end);
    const idEnd = r.pos + length;
    // An empty parent_span_id (a root) stays empty.
    for (let at = r.pos, i = 0; i < 4 && at < idEnd; at++, i++) bytes[at] = bytes[at]! ^ mask[i]!;
    r.pos = idEnd;
  }
  return 1;
}

/** Four bytes that differ for every round (a 32-bit integer hash, a bijection); all zero for round 0. */
function roundMask(round: number): number[] {
  let x = round >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return [x >>> 24, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff];
}
