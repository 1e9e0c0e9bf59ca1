import { describe, expect, it } from 'vitest';
import { AllowanceCache } from '../../instrumentation/budget/allowance-cache.js';

describe('AllowanceCache', () => {
  const clock = () => {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('spends an allowance down by each estimate, then asks again', () => {
    const time = clock();
    const cache = new AllowanceCache(2_000, 10, time.now);
    cache.put('k', { kind: 'allowed', remainingUsd: 0.01 });
    expect(cache.take('k', 0.004)).toEqual({ kind: 'allowed', remainingUsd: 0.006 });
    expect(cache.take('k', 0.004)?.kind).toBe('allowed');
    expect(cache.take('k', 0.004)).toBeUndefined();
  });

  it('covers calls without an estimate while something remains, and any call when no budget applies', () => {
    const cache = new AllowanceCache(2_000);
    cache.put('some', { kind: 'allowed', remainingUsd: 0.5 });
    cache.put('none-left', { kind: 'allowed', remainingUsd: 0 });
    cache.put('unlimited', { kind: 'allowed', remainingUsd: null });
    expect(cache.take('some', undefined)?.kind).toBe('allowed');
    expect(cache.take('none-left', undefined)).toBeUndefined();
    expect(cache.take('unlimited', 1_000)).toEqual({ kind: 'allowed', remainingUsd: null });
  });

  it('repeats a denial until it expires', () => {
    const time = clock();
    const cache = new AllowanceCache(2_000, 10, time.now);
    const denial = { allowed: false as const, budget: 'b', limit_usd: 1, spent_usd: 1, resets_at: null };
    cache.put('k', { kind: 'denied', denial });
    expect(cache.take('k', 0)).toEqual({ kind: 'denied', denial });
    time.advance(2_000);
    expect(cache.take('k', 0)).toBeUndefined();
  });

  it('keeps nothing when caching is off', () => {
    const cache = new AllowanceCache(0);
    cache.put('k', { kind: 'allowed', remainingUsd: null });
    expect(cache.take('k', 0)).toBeUndefined();
  });

  it('stays within its size, dropping the stalest entry', () => {
    const cache = new AllowanceCache(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) cache.put(key, { kind: 'allowed', remainingUsd: null });
    expect(cache.size).toBe(3);
    expect(cache.take('a', 0)).toBeUndefined();
    expect(cache.take('d', 0)?.kind).toBe('allowed');
  });
});
