/**
 * `ignoreBOM` keeps a leading U+FEFF that is part of the string's value; non-fatal mode replaces
 * invalid UTF-8 with U+FFFD instead of throwing.
 */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Past this length one native TextDecoder call beats the JS loop. */
const SHORT_STRING = 64;

/**
 * One reusable array of char codes per length: String.fromCharCode.apply over a whole array
 * builds a flat string in one call, where concatenating chunks would leave a rope for the
 * consumer to flatten.
 */
const charCodes: number[][] = Array.from({ length: SHORT_STRING + 1 }, (_, n) => new Array<number>(n).fill(0));

/**
 * Decodes buf[start, end) as UTF-8. Keys and most values are short ASCII, where copying char
 * codes in JS is several times cheaper than a TextDecoder call on a subarray; anything else goes
 * to the shared decoder.
 */
export function readUtf8(buf: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length > SHORT_STRING) return decoder.decode(buf.subarray(start, end));
  const codes = charCodes[length];
  for (let i = 0; i < length; i++) {
    const c = buf[start + i];
    if (c >= 0x80) return decoder.decode(buf.subarray(start, end));
    codes[i] = c;
  }
  return String.fromCharCode.apply(null, codes);
}
