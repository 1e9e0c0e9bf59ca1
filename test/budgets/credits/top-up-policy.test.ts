import { describe, expect, it } from 'vitest';
import type { CreditAccount, TopUpPolicy } from '../../../src/budgets/credits/account.js';
import { burnRateNanosPerHour, decideTopUp, hoursUntilEmpty } from '../../../src/budgets/credits/top-up-policy.js';

const USD = 1_000_000_000;
const H = 3_600_000;
const now = Date.parse('2026-11-20T12:00:00Z');

function account(policy: TopUpPolicy | null, o: Partial<CreditAccount> = {}): CreditAccount {
  return {
    tenant: 'default',
    agent: 'a',
    openedMs: now - 48 * H,
    creditedNanos: 10 * USD,
    spentNanos: 0,
    policy,
    month: '2026-11',
    topUpsInMonth: 0,
    pausedInMonth: false,
    hourly: new Map(),
    ...o,
  };
}

const threshold: TopUpPolicy = { mode: 'threshold', belowNanos: 5 * USD, withinHours: null, amountNanos: 10 * USD, maxPerMonth: 3, webhook: null };
const predictive: TopUpPolicy = { mode: 'predictive', belowNanos: null, withinHours: 6, amountNanos: 10 * USD, maxPerMonth: 3, webhook: null };

describe('auto top-up policy', () => {
  it('threshold mode tops up once the balance is below the threshold', () => {
    expect(decideTopUp(account(threshold, { spentNanos: 5 * USD }), now)).toBe('none');
    expect(decideTopUp(account(threshold, { spentNanos: 5 * USD + 1 }), now)).toBe('top_up');
  });

  it('predictive mode tops up when the day-average burn rate empties the balance within the window', () => {
    // $24 over the last 24 hours: $1/h; $7 left lasts 7 h, $5 left only 5 h.
    const hourly = new Map(Array.from({ length: 24 }, (_, i) => [now - (i + 1) * H, USD] as [number, number]));
    expect(burnRateNanosPerHour(account(predictive, { hourly }), now)).toBe(USD);
    expect(decideTopUp(account(predictive, { hourly, spentNanos: 3 * USD }), now)).toBe('none');
    expect(hoursUntilEmpty(account(predictive, { hourly, spentNanos: 5 * USD }), now)).toBe(5);
    expect(decideTopUp(account(predictive, { hourly, spentNanos: 5 * USD }), now)).toBe('top_up');
  });

  it('measures the burn rate only since the account was opened', () => {
    const hourly = new Map([[now - H, 2 * USD]]);
    expect(burnRateNanosPerHour(account(predictive, { hourly, openedMs: now - 2 * H }), now)).toBe(USD);
  });

  it('pauses once at the monthly cap, then does nothing more', () => {
    expect(decideTopUp(account(threshold, { spentNanos: 9 * USD, topUpsInMonth: 3 }), now)).toBe('pause');
    expect(decideTopUp(account(threshold, { spentNanos: 9 * USD, topUpsInMonth: 3, pausedInMonth: true }), now)).toBe('none');
  });

  it('does nothing without a policy', () => {
    expect(decideTopUp(account(null, { spentNanos: 100 * USD }), now)).toBe('none');
  });
});
