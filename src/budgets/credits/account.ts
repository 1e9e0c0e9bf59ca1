import { nanosToUsd } from '../../util/money.js';

export interface TopUpPolicy {
  mode: 'threshold' | 'predictive';
  /** threshold mode: top up when the balance falls below this. */
  belowNanos: number | null;
  /** predictive mode: top up when the balance is projected to run out within this many hours. */
  withinHours: number | null;
  amountNanos: number;
  maxPerMonth: number;
  /** Where the billing system listens, besides alerts.webhook.urls. */
  webhook: string | null;
}

/** A prepaid balance: credit added minus the agent's spend since the account was opened. */
export interface CreditAccount {
  tenant: string;
  agent: string;
  openedMs: number;
  creditedNanos: number;
  spentNanos: number;
  policy: TopUpPolicy | null;
  /** UTC month (YYYY-MM) the two counters below are for: the top-up cap is per calendar month. */
  month: string;
  topUpsInMonth: number;
  pausedInMonth: boolean;
  /** Spend per UTC hour over the last day, for the burn rate. */
  hourly: Map<number, number>;
}

export const balanceOf = (a: CreditAccount) => a.creditedNanos - a.spentNanos;

export const utcMonth = (ms: number) => new Date(ms).toISOString().slice(0, 7);

export function policyJson(p: TopUpPolicy) {
  return {
    mode: p.mode,
    below_usd: p.belowNanos === null ? null : nanosToUsd(p.belowNanos),
    within_hours: p.withinHours,
    amount_usd: nanosToUsd(p.amountNanos),
    max_per_month: p.maxPerMonth,
    webhook_url: p.webhook,
  };
}
