import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_WORDS, SpanKeyHash, hashKey, slotCount } from '../../src/util/span-key.js';
import { traded } from '../support/span-keys.js';

describe('the span-key hash of the open-addressing tables', () => {
  it('does not keep its value when two words of a key are traded against each other', () => {
    const keys = randomFillSync(new Uint32Array(1_000 * KEY_WORDS));
    let kept = 0;
    for (let at = 0; at < keys.length; at += KEY_WORDS) {
      const key = keys.subarray(at, at + KEY_WORDS);
      if (hashKey(traded(key), 0) === hashKey(key, 0)) kept++;
    }
    expect(kept).toBe(0);
  });

  it('spreads keys that differ in one word only over the slots, as random ones', () => {
    // 4,096 keys that differ only in their span id's low word, into a table of 8,192 slots: about
    // 8,192 · (1 − e^(−1/2)) ≈ 3,223 distinct home slots for a random hash. Tabulation's xor
    // structure spreads such sets a little less evenly (over 9,000 tables: mean 3,224, σ 39, the
    // worst 2,873); a hash that ignored the word would give one slot.
    const slots = slotCount(4_096);
    const homes = new Set<number>();
    const key = new Uint32Array(KEY_WORDS);
    for (let i = 0; i < 4_096; i++) {
      key[5] = i;
      homes.add(hashKey(key, 0) & (slots - 1));
    }
    expect(homes.size).toBeGreaterThan(2_500);
  });

  it('spreads keys that count up in any two bytes as random ones, wherever the bytes are', () => {
    // Ids a sender makes from counters: 4,096 keys that share all but two bytes, for several
    // pairs of byte positions (within a word, across words, trace and span id); bound as above.
    const slots = slotCount(4_096);
    for (const [first, second] of [[0, 1], [3, 4], [7, 20], [16, 23], [22, 23]] as const) {
      const homes = new Set<number>();
      const key = new Uint32Array(KEY_WORDS);
      const bytes = new Uint8Array(key.buffer);
      for (let i = 0; i < 4_096; i++) {
        bytes[first] = i & 0xff;
        bytes[second] = i >>> 8;
        homes.add(hashKey(key, 0) & (slots - 1));
      }
      expect(homes.size, `bytes ${first} and ${second}`).toBeGreaterThan(2_500);
    }
  });

  it('draws its tables per instance: two instances disagree on a key', () => {
    const keys = randomFillSync(new Uint32Array(1_000 * KEY_WORDS));
    const [one, other] = [new SpanKeyHash(), new SpanKeyHash()];
    let same = 0;
    for (let at = 0; at < keys.length; at += KEY_WORDS) if (one.of(keys, at) === other.of(keys, at)) same++;
    expect(same).toBe(0);
  });

  it('gives every 32-bit value as often as any other, bit by bit', () => {
    // Each bit of the hash is set for about half of 20,000 random keys (binomial: σ ≈ 71).
    const keys = randomFillSync(new Uint32Array(20_000 * KEY_WORDS));
    const ones = new Array<number>(32).fill(0);
    for (let at = 0; at < keys.length; at += KEY_WORDS) {
      const h = hashKey(keys, at);
      for (let bit = 0; bit < 32; bit++) ones[bit]! += (h >>> bit) & 1;
    }
    for (const count of ones) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
