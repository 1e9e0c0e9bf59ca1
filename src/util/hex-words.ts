/** Each character code's value as a hex digit (0 for any other character below 256). */
const DIGIT = new Int8Array(256);
for (let i = 0; i < 10; i++) DIGIT[48 + i] = i;
for (let i = 0; i < 6; i++) DIGIT[97 + i] = DIGIT[65 + i] = 10 + i;

/**
 * Eight hex digits of `hex` from `at` as an unsigned 32-bit number: ids and hashes are read
 * without a substring or parseInt per word (non-hex digits read as 0). A table look-up a digit:
 * the chain of range tests it replaces cost ~58 against ~34 ns a word, and ids are read several
 * times a span (the nesting filter, the duplicate check, the stored columns).
 */
export function hexWord(hex: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const c = hex.charCodeAt(i);
    v = (v << 4) | (c < 256 ? DIGIT[c]! : 0);
  }
  return v >>> 0;
}
