/**
 * `key` (six words, see src/util/span-key.ts) with the trace id's first two words traded so that
 * `w1 ^ 0x27d4eb2f·w0` stays the same: keys that collided in the tables' hash before 2026-12-05,
 * which xored those two words in last.
 */
export function traded(key: Uint32Array): Uint32Array {
  const out = key.slice();
  out[0] = 42;
  out[1] = key[1]! ^ Math.imul(key[0]!, 0x27d4eb2f) ^ Math.imul(42, 0x27d4eb2f);
  return out;
}
