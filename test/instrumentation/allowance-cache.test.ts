import { describe, expect, it } from 'vitest';
import { AllowanceCache } from '../../instrumentation/budget/allowance-cache.js';

describe('AllowanceCache', () => {
  const clock = () => {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('answers with a reusable allowance until it expires', () => {
    const time = clock();
    const cache = new AllowanceCache(2_000, 10, time.now);
    cache.put('k', { kind: 'allowed' });
    expect(cache.take('k')).toEqual({ kind: 'allowed' });
    expect(cache.take('k')).toEqual({ kind: 'allowed' });
    time.advance(2_000);
    expect(cache.take('k')).toBeUndefined();
    expect(cache.take('other')).toBeUndefined();
  });

  it('remembers a refusal until it expires', () => {
    const time = clock();
    const cache = new AllowanceCache(2_000, 10, time.now);
    const denial = { allowed: false as const, budget: 'daily', limit_usd: 1, spent_usd: 1, resets_at: null };
    cache.put('k', { kind: 'denied', denial });
    expect(cache.take('k')).toEqual({ kind: 'denied', denial });
    time.advance(2_001);
    expect(cache.take('k')).toBeUndefined();
  });

  it('keeps nothing when the cache is off', () => {
    const cache = new AllowanceCache(0);
    cache.put('k', { kind: 'allowed' });
    expect(cache.take('k')).toBeUndefined();
  });

  it('stays within its bound, dropping the stalest answers first', () => {
    const cache = new AllowanceCache(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) cache.put(key, { kind: 'allowed' });
    expect(cache.size).toBe(3);
    expect(cache.take('a')).toBeUndefined();
    expect(cache.take('d')?.kind).toBe('allowed');
  });
});
