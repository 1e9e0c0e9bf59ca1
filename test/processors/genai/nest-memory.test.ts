import { describe, expect, it } from 'vitest';
import { NestMemory } from '../../../src/processors/genai/nest-memory.js';
import { KEY_WORDS, writeKey } from '../../../src/util/span-key.js';

const TRACE = '7e000000000000000000000000000001';

function keyOf(spanId: string, traceId = TRACE): Uint32Array {
  const key = new Uint32Array(KEY_WORDS);
  writeKey(traceId, spanId, key, 0);
  return key;
}

function spanId(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** A deterministic random sequence (tests must repeat). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('the nesting memory', () => {
  it('finds a span by trace and span id, and keeps its parent and marks', () => {
    const memory = new NestMemory(8);
    const entry = memory.add(keyOf('00000000000000aa'), 0, '00000000000000bb');
    expect(memory.find(keyOf('00000000000000aa'), 0)).toBe(entry);
    expect(memory.find(keyOf('00000000000000aa', '7e000000000000000000000000000002'), 0)).toBe(-1);
    expect(memory.parentOf(entry)).toBe('00000000000000bb');
    expect([memory.billed(entry), memory.billedBelow(entry)]).toEqual([false, false]);
    memory.markBilled(entry);
    memory.markBilledBelow(entry);
    expect([memory.billed(entry), memory.billedBelow(entry)]).toEqual([true, true]);
    memory.setParent(entry, '');
    expect(memory.parentOf(entry)).toBe('');
    memory.setParent(entry, 'fedcba9876543210');
    expect(memory.parentOf(entry)).toBe('fedcba9876543210');
  });

  it('counts the spans whose parent is not known yet', () => {
    const memory = new NestMemory(2);
    const a = memory.add(keyOf(spanId(1)), 0, null);
    memory.add(keyOf(spanId(2)), 0, null);
    expect(memory.placeholders).toBe(2);
    expect(memory.parentUnknown(a)).toBe(true);
    memory.setParent(a, '');
    expect([memory.placeholders, memory.parentUnknown(a)]).toEqual([1, false]);
    // The third span pushes out the oldest (a, no longer a placeholder), then the placeholder.
    memory.add(keyOf(spanId(3)), 0, '');
    expect(memory.placeholders).toBe(1);
    memory.add(keyOf(spanId(4)), 0, '');
    expect(memory.placeholders).toBe(0);
    memory.clear();
    expect([memory.size, memory.find(keyOf(spanId(4)), 0)]).toEqual([0, -1]);
  });

  it('holds the most recently added spans, exactly as an insertion-ordered map bounded the same way', () => {
    // Small capacities over many keys make long probe runs and many deletions from the middle of them.
    for (const capacity of [1, 3, 37, 200]) {
      const memory = new NestMemory(capacity);
      const model = new Map<string, string | null>();
      const next = random(capacity);
      for (let step = 0; step < 20_000; step++) {
        const id = spanId(Math.floor(next() * capacity * 4));
        const key = keyOf(id);
        const entry = memory.find(key, 0);
        expect(entry >= 0, `step ${step}: ${id}`).toBe(model.has(id));
        if (entry >= 0) {
          expect(memory.parentOf(entry)).toBe(model.get(id));
          continue;
        }
        const parent = next() < 0.3 ? null : next() < 0.5 ? '' : spanId(step);
        memory.add(key, 0, parent);
        model.set(id, parent);
        if (model.size > capacity) model.delete(model.keys().next().value!);
        expect(memory.size).toBe(model.size);
        if (step % 97 === 0) expect(memory.placeholders).toBe([...model.values()].filter((p) => p === null).length);
      }
      for (const [id, parent] of model) expect(memory.parentOf(memory.find(keyOf(id), 0))).toBe(parent);
    }
  });

  it('refuses a capacity that holds nothing', () => {
    expect(() => new NestMemory(0)).toThrow(/at least one span/);
  });
});
