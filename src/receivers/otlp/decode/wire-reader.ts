import { DecodeError } from '../../../pipeline/errors.js';
import type { StringCache } from './string-cache.js';
import { readUtf8 } from './utf8.js';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

/** Deprecated groups can nest; bound the recursion so hostile input cannot overflow the stack. */
const MAX_GROUP_DEPTH = 32;

/**
 * A cursor over protobuf bytes. Every read is bounds-checked against the buffer, and every
 * length-delimited field against the end of the message that holds it, so malformed input can
 * only ever end in a DecodeError. The hot paths (one-byte varints, in-bounds lengths) are small
 * enough for V8 to inline.
 */
export class WireReader {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /**
   * A varint's low 32 bits, unsigned: tags (field number << 3 | wire type), lengths, and
   * (through `| 0`) int32 enums. Tags of fields below 16 and short lengths take one byte.
   */
  uint32(): number {
    const pos = this.pos;
    if (pos < this.buf.length) {
      const b = this.buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.varintSlow();
  }

  /** The length of a length-delimited field, checked to end within the enclosing message. */
  length(end: number): number {
    const start = this.pos;
    const len = this.uint32();
    if (len > end - this.pos) {
      throw new DecodeError(`length ${len} runs past the end of its message`, start);
    }
    return len;
  }

  /** A varint as a signed int64 (two's complement), rounded to the nearest JS number. */
  int64(): number {
    const buf = this.buf;
    let pos = this.pos;
    // Token counts mostly fit in one or two bytes.
    if (pos + 1 < buf.length) {
      const b0 = buf[pos];
      if (b0 < 0x80) {
        this.pos = pos + 1;
        return b0;
      }
      const b1 = buf[pos + 1];
      if (b1 < 0x80) {
        this.pos = pos + 2;
        return (b0 & 0x7f) | (b1 << 7);
      }
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new DecodeError('truncated varint', this.pos);
      const b = buf[pos++];
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) {
        this.pos = pos;
        return int64ToNumber(lo >>> 0, hi >>> 0);
      }
    }
    throw new DecodeError('varint longer than 10 bytes', this.pos);
  }

  /** A varint read only for whether it is zero (bool fields, where any non-zero is true). */
  bool(): boolean {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < buf.length && buf[pos] < 0x80) {
      this.pos = pos + 1;
      return buf[pos] !== 0;
    }
    return this.int64() !== 0;
  }

  /**
   * A fixed64 count of Unix nanoseconds as integer microseconds. The nanos exceed 2^53, so the
   * division is done on the two 32-bit halves: hi·2^32 = hi·4294967·1000 + hi·296, which keeps
   * every intermediate exact for any time before the year 2255 (where micros pass 2^53).
   */
  nanosAsMicros(end: number): number {
    const pos = this.pos;
    if (pos + 8 > end) throw new DecodeError('truncated fixed64', pos);
    const lo = this.view.getUint32(pos, true);
    const hi = this.view.getUint32(pos + 4, true);
    this.pos = pos + 8;
    return hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
  }

  double(end: number): number {
    const pos = this.pos;
    if (pos + 8 > end) throw new DecodeError('truncated double', pos);
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** A length-delimited string; invalid UTF-8 becomes U+FFFD. */
  string(end: number): string {
    const len = this.length(end);
    const start = this.pos;
    this.pos = start + len;
    return readUtf8(this.buf, start, start + len);
  }

  /** A length-delimited string of a kind that recurs (keys, names), through `cache`. */
  cachedString(end: number, cache: StringCache): string {
    const len = this.length(end);
    const start = this.pos;
    this.pos = start + len;
    return cache.get(this.buf, this.view, start, start + len);
  }

  /**
   * Skips a field the decoder does not read. A field in `readFields` (see `fieldSet`) reaching
   * here came with a wire type its schema does not allow: reading it would misparse it, and
   * skipping it would silently drop data, so it is an error.
   */
  skipField(tag: number, end: number, message: string, readFields: number): void {
    const pos = this.pos;
    checkFieldNumber(tag, pos);
    const field = tag >>> 3;
    if (field < 32 && (readFields >>> field) & 1) {
      throw new DecodeError(`wrong wire type ${tag & 7} for field ${field} of ${message}`, pos);
    }
    this.skip(tag, end, 0);
  }

  /** Skips the value of a field, whatever its wire type. */
  private skip(tag: number, end: number, depth: number): void {
    const start = this.pos;
    switch (tag & 7) {
      case VARINT:
        this.int64();
        break;
      case FIXED64:
        this.pos += 8;
        break;
      case LEN: {
        const length = this.length(end);
        this.pos += length;
        break;
      }
      case START_GROUP:
        this.skipGroup(tag >>> 3, end, depth);
        break;
      case FIXED32:
        this.pos += 4;
        break;
      case END_GROUP:
        throw new DecodeError(`unexpected end-group tag for field ${tag >>> 3}`, start);
      default:
        throw new DecodeError(`invalid wire type ${tag & 7} for field ${tag >>> 3}`, start);
    }
    if (this.pos > end) throw new DecodeError(`field ${tag >>> 3} runs past the end of its message`, start);
  }

  /** Called after a message's fields: a field that straddled its end means the bytes are corrupt. */
  expectEnd(end: number, message: string): void {
    if (this.pos !== end) throw new DecodeError(`last field of ${message} runs past its end`, end);
  }

  private skipGroup(field: number, end: number, depth: number): void {
    if (depth >= MAX_GROUP_DEPTH) {
      throw new DecodeError(`groups nested deeper than ${MAX_GROUP_DEPTH} levels`, this.pos);
    }
    while (this.pos < end) {
      const tag = this.uint32();
      if ((tag & 7) === END_GROUP) {
        if (tag >>> 3 !== field) {
          throw new DecodeError(`end-group tag for field ${tag >>> 3} closes group ${field}`, this.pos);
        }
        return;
      }
      checkFieldNumber(tag, this.pos);
      this.skip(tag, end, depth + 1);
    }
    throw new DecodeError(`group ${field} is not closed`, this.pos);
  }

  private varintSlow(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= buf.length) throw new DecodeError('truncated varint', this.pos);
      const b = buf[pos++];
      // Bits past the 32nd are dropped, as protobuf does when a uint32 is read from a wider varint.
      if (shift < 32) result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    throw new DecodeError('varint longer than 10 bytes', this.pos);
  }
}

/** A bit set of the field numbers (all below 32) that a message decoder reads. */
export function fieldSet(...fields: number[]): number {
  return fields.reduce((set, field) => set | (1 << field), 0);
}

/** Field number 0 is never valid; seeing it means the bytes are not a protobuf message. */
function checkFieldNumber(tag: number, pos: number): void {
  if (tag >>> 3 === 0) throw new DecodeError('invalid field number 0', pos);
}

function int64ToNumber(lo: number, hi: number): number {
  if (hi < 0x80000000) return hi * 4294967296 + lo;
  // Negative: negate the 64-bit two's complement value, then apply the sign.
  const negLo = (~lo + 1) >>> 0;
  const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0;
  return -(negHi * 4294967296 + negLo);
}
