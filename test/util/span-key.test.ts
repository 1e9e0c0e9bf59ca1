import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_WORDS, hashKey, seededKeyHash, slotCount } from '../../src/util/span-key.js';
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
    // 8,192 · (1 − e^(−1/2)) ≈ 3,223 distinct home slots if the hash behaves as a random one.
    const slots = slotCount(4_096);
    const homes = new Set<number>();
    const key = new Uint32Array(KEY_WORDS);
    for (let i = 0; i < 4_096; i++) {
      key[5] = i;
      homes.add(hashKey(key, 0) & (slots - 1));
    }
    expect(homes.size).toBeGreaterThan(3_100);
    expect(homes.size).toBeLessThan(3_350);
  });

  it('depends on its seed', () => {
    const key = randomFillSync(new Uint32Array(KEY_WORDS));
    expect(seededKeyHash(key, 0, 1)).not.toBe(seededKeyHash(key, 0, 2));
  });
});
