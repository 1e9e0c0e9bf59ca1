import { bytesToHex } from './hex.js';
import { readUtf8 } from './utf8.js';

/** Makes the string for buf[start, end) on a cache miss. */
type Decode = (buf: Uint8Array, start: number, end: number) => string;

/**
 * A direct-mapped cache from bytes to the string made the first time those bytes were seen.
 * Attribute keys (and many values: operation, provider, model, agent names; trace and parent
 * ids shared by the spans of a run) repeat across spans; creating each afresh costs an
 * allocation, and a fresh string used as a property key or Map key costs V8 a hash and a
 * string-table lookup, which a cached string has already paid. A hit is verified byte by byte,
 * so a hash collision only costs a miss.
 */
export class StringCache {
  private readonly strings: string[];
  /** Byte length of each slot's string; 0 marks an empty slot (the empty string needs no cache). */
  private readonly lengths: Uint8Array;
  /** Each slot's bytes, `maxLength` apart. */
  private readonly bytes: Uint8Array;
  private readonly bytesView: DataView;

  /** `slots` must be a power of two; strings longer than `maxLength` bytes are not cached. */
  constructor(
    private readonly slots: number,
    private readonly maxLength: number,
    private readonly decode: Decode,
  ) {
    this.strings = new Array<string>(slots).fill('');
    this.lengths = new Uint8Array(slots);
    this.bytes = new Uint8Array(slots * maxLength);
    this.bytesView = new DataView(this.bytes.buffer);
  }

  /** The string for buf[start, end); `view` is a DataView over `buf`. */
  get(buf: Uint8Array, view: DataView, start: number, end: number): string {
    const length = end - start;
    if (length === 0 || length > this.maxLength) return this.decode(buf, start, end);
    const slot = hash(buf, start, end) & (this.slots - 1);
    const bytes = this.bytes;
    const base = slot * this.maxLength;
    if (this.lengths[slot] === length) {
      // Four bytes per step: the compare is most of the cost of a hit.
      const cached = this.bytesView;
      let i = 0;
      while (i + 4 <= length && cached.getInt32(base + i) === view.getInt32(start + i)) i += 4;
      while (i < length && bytes[base + i] === buf[start + i]) i++;
      if (i === length) return this.strings[slot];
    }
    const text = this.decode(buf, start, end);
    for (let i = 0; i < length; i++) bytes[base + i] = buf[start + i];
    this.lengths[slot] = length;
    this.strings[slot] = text;
    return text;
  }
}

/**
 * Shared by all requests, since the same strings recur across them. Keys are few and kept up to
 * 64 bytes; values and span names up to 32 bytes, which holds model, provider, agent and
 * operation names but leaves most unique ids (response ids, UUIDs) to be decoded directly.
 */
export const keyCache = new StringCache(4096, 64, readUtf8);
export const valueCache = new StringCache(4096, 32, readUtf8);
/** Trace ids and parent span ids, as lowercase hex. */
export const idCache = new StringCache(1024, 16, bytesToHex);

/**
 * Mixes the length with bytes sampled from the start, the middle and the end: keys that share
 * a prefix (gen_ai.usage.…) differ in length or near the end. A full pass would cost as much as
 * the verifying compare. Only bytes inside the string are read, so equal strings hash equally.
 */
function hash(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  const mid = start + (length >>> 1);
  let h = Math.imul(length, 0x9e3779b1);
  h = Math.imul(h ^ buf[start], 0x85ebca6b);
  h = Math.imul(h ^ buf[mid], 0xc2b2ae35);
  h = Math.imul(h ^ buf[end - 1], 0x85ebca6b);
  if (length > 3) {
    h = Math.imul(h ^ buf[mid - 1], 0xc2b2ae35);
    h = Math.imul(h ^ buf[end - 2], 0x85ebca6b);
    h = Math.imul(h ^ buf[end - 3], 0xc2b2ae35);
  }
  return (h ^ (h >>> 15)) >>> 0;
}
