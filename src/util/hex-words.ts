/**
 * Eight hex digits of `hex` from `at` as an unsigned 32-bit number: ids and hashes are read
 * without a substring or parseInt per word (non-hex digits read as 0).
 */
export function hexWord(hex: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const c = hex.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : 0;
    v = (v << 4) | d;
  }
  return v >>> 0;
}
