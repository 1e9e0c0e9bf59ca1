import { describe, expect, it } from 'vitest';
import type { AttributeValue, Attributes } from '../../../src/pipeline/span.js';
import { SpanReader } from '../../../src/processors/genai/span-reader.js';

/** A seeded generator, so that a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const AWKWARD_TEXT = ['plain', 'say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', '\u0000nul', 'café', '日本語', '\ud83d\ude00', 'lone \ud800 surrogate', '\u2028', '</script>', ''];
const AWKWARD_NUMBERS = [0, -0, 1, -17, 0.2, 1e21, 1.5e-7, 2 ** 53 + 2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function randomValue(next: () => number, depth: number): AttributeValue {
  const pick = Math.floor(next() * (depth > 2 ? 4 : 6));
  const of = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  switch (pick) {
    case 0:
      return of(AWKWARD_TEXT);
    case 1:
      return of(AWKWARD_NUMBERS);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 3) }, (_, i) => [`k${i}"`, randomValue(next, depth + 1)]));
  }
}

describe('SpanReader: the JSON of the attributes no call column takes', () => {
  it('is exactly what JSON.stringify writes, for awkward strings, numbers, arrays and key-value lists', () => {
    const reader = new SpanReader();
    for (let seed = 1; seed <= 2_000; seed++) {
      const next = random(seed);
      const unmapped: Attributes = {};
      for (let i = 0; i < 1 + Math.floor(next() * 5); i++) unmapped[`custom.key_${i}${i === 2 ? '"quoted"' : ''}`] = randomValue(next, 0);
      // A call column's attribute and a content attribute are left out of the JSON.
      reader.read({ ...unmapped, 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': '[]' });
      const json = reader.callAttributesJson();
      expect(json, `seed ${seed}`).toBe(JSON.stringify(unmapped));
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(unmapped)));
    }
  });

  it('is right for every span of a sequence of repeats and near-repeats, however often asked', () => {
    // Spans of one fleet repeat their attributes; each here repeats the one before or changes it
    // a little (a value, an array element, a key), which the reuse of the last JSON must notice.
    const reader = new SpanReader();
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      let attributes: Attributes = { 'x.t': 0.2, 'x.reasons': ['stop'], 'x.host': 'api.example.com' };
      for (let span = 0; span < 20; span++) {
        const change = Math.floor(next() * 5);
        attributes = { ...attributes };
        if (change === 1) attributes['x.t'] = randomValue(next, 3);
        if (change === 2) attributes['x.reasons'] = next() < 0.5 ? ['stop'] : [randomValue(next, 3), 'stop'];
        if (change === 3) attributes[`x.extra_${Math.floor(next() * 3)}`] = randomValue(next, 0);
        if (change === 4) delete attributes[Object.keys(attributes)[0]!];
        reader.read({ ...attributes, 'gen_ai.request.model': 'gpt-4o' });
        const expected = Object.keys(attributes).length === 0 ? '' : JSON.stringify(attributes);
        expect(reader.callAttributesJson(), `seed ${seed}, span ${span}`).toBe(expected);
        expect(reader.callAttributesJson(), `seed ${seed}, span ${span}, asked again`).toBe(expected);
      }
    }
  });

  it('is empty when every attribute has a column', () => {
    const reader = new SpanReader();
    reader.read({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 3 });
    expect(reader.callAttributesJson()).toBe('');
  });
});
