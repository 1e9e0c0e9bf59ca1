import { describe, expect, it } from 'vitest';
import { formatDuration, formatTokens } from '../../src/cli/format/numbers.js';
import { bar } from '../../src/cli/format/table.js';

describe('terminal formats', () => {
  it('draws bars in eighths of a cell', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(1, 16, 2)).toBe('▏');
    expect(bar(0, 10)).toBe('');
  });

  it('shows tokens and durations readably', () => {
    expect(formatTokens(1_234_567)).toBe('1.23M');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(48_227_100)).toBe('13h 23m');
  });
});
