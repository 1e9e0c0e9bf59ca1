import { balanceOf, type CreditAccount } from './account.js';

const HOUR_MS = 3_600_000;
/** The burn rate is the average over the last day (or since opening, if later). */
export const BURN_WINDOW_MS = 24 * HOUR_MS;

export function burnRateNanosPerHour(a: CreditAccount, nowMs: number): number {
  const from = Math.max(nowMs - BURN_WINDOW_MS, a.openedMs);
  let spent = 0;
  for (const [hourMs, nanos] of a.hourly) if (hourMs + HOUR_MS > from) spent += nanos;
  return spent / Math.max((nowMs - from) / HOUR_MS, 1);
}

/** Hours until the balance is used up at the current burn rate; null when nothing is being spent. */
export function hoursUntilEmpty(a: CreditAccount, nowMs: number): number | null {
  const balance = balanceOf(a);
  if (balance <= 0) return 0;
  const rate = burnRateNanosPerHour(a, nowMs);
  return rate > 0 ? balance / rate : null;
}

export type TopUpDecision = 'none' | 'top_up' | 'pause';

/**
 * Whether the account needs money now, and whether the monthly cap still allows a top-up; past
 * the cap the policy pauses once per month and a person is told.
 */
export function decideTopUp(a: CreditAccount, nowMs: number): TopUpDecision {
  const p = a.policy;
  if (!p) return 'none';
  const balance = balanceOf(a);
  const needed =
    p.mode === 'threshold'
      ? balance < (p.belowNanos ?? 0)
      : balance <= 0 || ((hoursUntilEmpty(a, nowMs) ?? Number.POSITIVE_INFINITY) < (p.withinHours ?? 0));
  if (!needed) return 'none';
  if (a.topUpsInMonth >= p.maxPerMonth) return a.pausedInMonth ? 'none' : 'pause';
  return 'top_up';
}
