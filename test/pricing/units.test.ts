import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLOT_USAGE_KEYS, UNITS, isDescendant } from '../../src/pricing/units.js';

interface LibraryUnit {
  dimensions: Record<string, string>;
  per: number;
  price_key?: string;
}

/**
 * The library's internal units table, cut out of its bundle. It is not exported, so tokentally
 * mirrors it; this test fails as soon as a library upgrade changes it.
 */
function libraryUnits(): Record<string, LibraryUnit> {
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(join(dirname(require.resolve('@pydantic/genai-prices')), 'index.js'), 'utf8');
  const start = bundle.indexOf('{', bundle.indexOf('audio_seconds: {') - 40);
  let depth = 0;
  let end = start;
  for (; end < bundle.length; end++) {
    if (bundle[end] === '{') depth++;
    if (bundle[end] === '}' && --depth === 0) break;
  }
  return new Function(`return (${bundle.slice(start, end + 1)});`)() as Record<string, LibraryUnit>;
}

describe('unit schema', () => {
  it("mirrors the library's units table exactly", () => {
    const library = libraryUnits();
    expect(Object.keys(library).length).toBeGreaterThan(40);
    expect([...UNITS.keys()].sort()).toEqual(Object.keys(library).sort());
    for (const [usageKey, unit] of Object.entries(library)) {
      expect(UNITS.get(usageKey), usageKey).toEqual({ usageKey, priceKey: unit.price_key ?? usageKey, per: unit.per, dimensions: unit.dimensions });
    }
  });

  it('has every usage slot TokenUsage fills, under input or output tokens', () => {
    const input = UNITS.get('input_tokens')!;
    const output = UNITS.get('output_tokens')!;
    for (const key of SLOT_USAGE_KEYS) {
      const unit = UNITS.get(key)!;
      expect(isDescendant(input, unit) || isDescendant(output, unit), key).toBe(true);
    }
    expect(isDescendant(UNITS.get('cache_write_tokens')!, UNITS.get('cache_write_1h_tokens')!)).toBe(true);
    expect(isDescendant(UNITS.get('cache_read_tokens')!, UNITS.get('cache_write_tokens')!)).toBe(false);
  });
});
