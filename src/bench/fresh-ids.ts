import { sumOverSpans } from '../receivers/otlp/decode/protobuf.js';
import type { WireReader } from '../receivers/otlp/decode/wire-reader.js';

/** A span's id fields, all length-delimited. */
const ID_TAGS = new Set([(1 << 3) | 2, (2 << 3) | 2, (4 << 3) | 2]); // trace_id, span_id, parent_span_id

/** A span's time fields, fixed64 nanoseconds. */
const START_TIME_TAG = (7 << 3) | 1;
const END_TIME_TAG = (8 << 3) | 1;

/**
 * A copy of an OTLP/protobuf ExportTraceServiceRequest whose every trace id, span id and parent
 * span id is changed the same way (a mask made from `round` XORed into its first four bytes), so
 * the spans are new to the server while their traces keep their shape, and whose start and end
 * times are all moved `round × periodUs` later. A long load sends its bodies again this way rather
 * than making each one with the SDK: a 4,000-request overload made up front would take ~30 s and
 * ~1.4 GB of the bench's memory. Equal rounds give equal copies; round 0 changes nothing.
 *
 * Why the times move: new spans are later than the ones before them. With the times kept, every
 * round's spans fell in the same minute as the earlier rounds', and the server's look-up of spans
 * older than its in-memory duplicate keys (made cheap by stored rows being in time order) had to
 * scan a row group of every earlier round: through a 2M-span load its commits' DuckDB CPU grew
 * from ~4 to ~9 µs a span and the rate fell by a quarter, a cost real traffic does not have
 * (2026-12-05; an earlier note here said moving the times changed nothing).
 */
export function withFreshIds(body: Uint8Array, round: number, periodUs = 0): Uint8Array {
  const copy = new Uint8Array(body);
  const mask = roundMask(round);
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const shiftNanos = BigInt(round) * BigInt(periodUs) * 1000n;
  sumOverSpans(copy, (r, spanEnd) => rewriteSpan(r, spanEnd, copy, view, mask, shiftNanos));
  return copy;
}

/** The earliest start and the latest end of the spans of `bodies`, in µs. */
export function timeExtentUs(bodies: readonly Uint8Array[]): { startUs: number; endUs: number } {
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const body of bodies) {
    sumOverSpans(body, (r, end) => {
      while (r.pos < end) {
        const tag = r.uint32();
        if (tag === START_TIME_TAG) startUs = Math.min(startUs, r.nanosAsMicros(end));
        else if (tag === END_TIME_TAG) endUs = Math.max(endUs, r.nanosAsMicros(end));
        else r.skipField(tag, end, 'Span', 0);
      }
      return 1;
    });
  }
  return { startUs, endUs };
}

/** XORs `mask` into the ids of the span that ends at `end` and adds `shiftNanos` to its times; counts it. */
function rewriteSpan(r: WireReader, end: number, bytes: Uint8Array, view: DataView, mask: readonly number[], shiftNanos: bigint): number {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === START_TIME_TAG || tag === END_TIME_TAG) {
      view.setBigUint64(r.pos, view.getBigUint64(r.pos, true) + shiftNanos, true);
      r.pos += 8;
      continue;
    }
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
