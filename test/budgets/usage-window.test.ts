import { describe, expect, it } from 'vitest';
import { HOUR_MS, UsageWindow, quarterDetailSince, QUARTER_DETAIL_MS } from '../../src/budgets/spend/usage-window.js';
import type { CallFacts } from '../../src/budgets/spend/call-facts.js';

const at = (iso: string) => Date.parse(iso);
const facts = (timeMs: number, costNanos: number, agent = 'researcher'): CallFacts => ({ tenant: 'default', runId: 'r', agent, model: 'gpt-4o', taskType: '', timeMs, costNanos, calls: 1 });

function total(window: UsageWindow, fromIso: string, toIso: string): number {
  let sum = 0;
  for (const cell of window.cells('default', at(fromIso), at(toIso))) sum += cell.costNanos;
  return sum;
}

describe('usage window', () => {
  it('tells quarter hours apart while they are recent, and folds them into hours once older', () => {
    const window = new UsageWindow();
    window.keepQuartersSince(at('2026-11-20T00:00:00Z'));
    window.addCall(facts(at('2026-11-20T18:10:00Z'), 3));
    window.addCall(facts(at('2026-11-20T18:40:00Z'), 2));
    window.addCall(facts(at('2026-11-20T18:50:00Z'), 1, 'writer'));
    expect(total(window, '2026-11-20T18:30:00Z', '2026-11-21T18:30:00Z')).toBe(3);
    expect(total(window, '2026-11-20T18:00:00Z', '2026-11-20T19:00:00Z')).toBe(6);

    // Two days on, the hour is kept whole: the same sums over whole hours, per agent still.
    window.keepQuartersSince(at('2026-11-20T19:00:00Z'));
    expect(total(window, '2026-11-20T18:00:00Z', '2026-11-20T19:00:00Z')).toBe(6);
    expect([...window.cells('default', at('2026-11-20T18:00:00Z'), at('2026-11-20T19:00:00Z'))].map((c) => [c.agent, c.costNanos, c.calls])).toEqual([
      ['researcher', 5, 2],
      ['writer', 1, 1],
    ]);
    // A late span older than the quarter detail goes to its hour.
    window.addCall(facts(at('2026-11-20T18:05:00Z'), 4));
    expect(total(window, '2026-11-20T18:30:00Z', '2026-11-20T19:00:00Z')).toBe(10);
    window.evictBefore(at('2026-11-20T19:00:00Z'));
    expect(total(window, '2026-11-20T00:00:00Z', '2026-11-22T00:00:00Z')).toBe(0);
  });

  it('keeps quarter detail for the last two days, from a whole hour', () => {
    const now = at('2026-11-20T18:42:00Z');
    expect(quarterDetailSince(now)).toBe(at('2026-11-18T18:00:00Z'));
    expect(now - quarterDetailSince(now)).toBeGreaterThanOrEqual(QUARTER_DETAIL_MS);
    expect(quarterDetailSince(now) % HOUR_MS).toBe(0);
  });
});
