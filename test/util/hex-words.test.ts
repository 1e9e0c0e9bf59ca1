import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hexWord } from '../../src/util/hex-words.js';

describe('hexWord', () => {
  it('reads eight hex digits, either case, as parseInt does', () => {
    for (let i = 0; i < 2_000; i++) {
      const hex = randomBytes(16).toString('hex');
      const mixed = i % 2 === 0 ? hex : hex.toUpperCase();
      for (const at of [0, 8, 16, 24]) expect(hexWord(mixed, at)).toBe(Number.parseInt(hex.slice(at, at + 8), 16));
    }
  });

  it('reads any other character, and digits past the end, as 0', () => {
    // 'š' is U+0161: its low byte is the code of 'a', which must not make it a digit.
    expect(hexWord('zz1zzzz2', 0)).toBe(0x00100002);
    expect(hexWord('š0000001', 0)).toBe(1);
    expect(hexWord('ff', 0)).toBe(0xff000000);
    expect(hexWord('ffffffff', 0)).toBe(0xffffffff);
  });
});
