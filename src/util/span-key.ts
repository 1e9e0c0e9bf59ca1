import { webcrypto } from 'node:crypto';
import { hexWord } from './hex-words.js';

/**
 * A span key is six unsigned 32-bit words — trace id high to low, then span id high, low — kept
 * in flat Uint32Arrays (6 words a key) so that no object is allocated per span.
 */
export const KEY_WORDS = 6;

/** Writes the key of (traceId, spanId) — hex, 32 and 16 digits — at `out[at..at + 6]`. */
export function writeKey(traceId: string, spanId: string, out: Uint32Array, at: number): void {
  out[at] = hexWord(traceId, 0);
  out[at + 1] = hexWord(traceId, 8);
  out[at + 2] = hexWord(traceId, 16);
  out[at + 3] = hexWord(traceId, 24);
  writeSpanWords(spanId, out, at);
}

/** Writes only the span id's two words of the key at `out[at..at + 6]` (the trace's stay). */
export function writeSpanWords(spanId: string, out: Uint32Array, at: number): void {
  out[at + 4] = hexWord(spanId, 0);
  out[at + 5] = hexWord(spanId, 8);
}

/**
 * A seeded 32-bit hash (signed) of the key at `k[a..a + 6]` in which every word goes through the
 * whole mix (MurmurHash3's block and final steps): no word can be traded against another to keep
 * the hash, and two of them with different seeds make a 64-bit fingerprint (RecentKeys).
 */
export function seededKeyHash(k: Uint32Array, a: number, seed: number): number {
  let h = seed;
  for (let i = a; i < a + KEY_WORDS; i++) {
    let w = Math.imul(k[i]!, 0xcc9e2d51);
    w = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
    h ^= w;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= KEY_WORDS * 4;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  // Signed: a 32-bit integer V8 keeps unboxed (an unsigned one above 2^31 is a heap number).
  return h ^ (h >>> 16);
}

/** Drawn per process, so that colliding ids cannot simply be read off the hash's code (see hashKey). */
const TABLE_SEED = webcrypto.getRandomValues(new Uint32Array(1))[0]!;

/**
 * The hash of the key at `k[a..a + 6]` for the open-addressing tables keyed by span (the nesting
 * memory, a group's keys). The ids are the senders' to choose: keys made to share a probe run
 * would turn each look-up into a walk of the whole table, so the hash is seeded per process and
 * mixes every word. (Until 2026-12-05 it xored the trace id's first two words in last, so keys
 * with those two words traded collided, whatever the rest.) It is not a keyed cryptographic hash:
 * MurmurHash3's steps have known seed-independent collision differentials, so a determined sender
 * could still build colliding ids; a keyed hash such as HalfSipHash would close that.
 */
export function hashKey(k: Uint32Array, a: number): number {
  return seededKeyHash(k, a, TABLE_SEED);
}

/** Whether the keys at `x[a..a + 6]` and `y[b..b + 6]` are the same. */
export function sameKey(x: Uint32Array, a: number, y: Uint32Array, b: number): boolean {
  return x[a + 5] === y[b + 5] && x[a + 4] === y[b + 4] && x[a + 3] === y[b + 3] && x[a + 2] === y[b + 2] && x[a + 1] === y[b + 1] && x[a] === y[b];
}

/** The smallest power of two, at least 16, that holds `capacity` keys at most half full. */
export function slotCount(capacity: number): number {
  let slots = 16;
  while (slots < capacity * 2) slots *= 2;
  return slots;
}
