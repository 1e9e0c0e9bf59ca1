/** Char codes of the two lowercase hex digits of each byte value, high digit first. */
const HEX_CODES = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  const digits = b.toString(16).padStart(2, '0');
  HEX_CODES[2 * b] = digits.charCodeAt(0);
  HEX_CODES[2 * b + 1] = digits.charCodeAt(1);
}

/** Reusable char-code arrays for the two id sizes (8 and 16 bytes), indexed by byte length. */
const idCodes: number[][] = Array.from({ length: 17 }, (_, n) => new Array<number>(2 * n).fill(0));

/**
 * Lowercase hex of buf[start, end), at most 16 bytes. One fromCharCode call builds a flat
 * string; concatenating per-byte pairs would leave a rope to be flattened by every reader.
 */
export function bytesToHex(buf: Uint8Array, start: number, end: number): string {
  const length = end - start;
  const codes = idCodes[length];
  for (let i = 0; i < length; i++) {
    const b = buf[start + i];
    codes[2 * i] = HEX_CODES[2 * b];
    codes[2 * i + 1] = HEX_CODES[2 * b + 1];
  }
  return String.fromCharCode.apply(null, codes);
}

/** Whether every character is 0-9, a-f or A-F. */
export function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}
