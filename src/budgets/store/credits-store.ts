import { nanosToUsd } from '../../util/money.js';
import type { CreditAccount, TopUpPolicy } from '../credits/account.js';
import type { BudgetDb, Row, Statement } from './db.js';
import { decimal, int, isoTime, optDecimal, optInt, optText, text } from './values.js';

export type LedgerKind = 'credit' | 'top_up' | 'top_up_paused';

export interface LedgerEntry {
  id: string;
  tenant: string;
  agent: string;
  createdMs: number;
  kind: LedgerKind;
  amountNanos: number;
  balanceNanos: number;
  note: string | null;
  reference: string | null;
}

export const insertLedgerEntry = (e: LedgerEntry): Statement => ({
  query: 'budget_credits_ledger_insert',
  params: {
    id: e.id,
    tenant: e.tenant,
    agent: e.agent,
    created_at: isoTime(e.createdMs),
    kind: e.kind,
    amount_usd: decimal(e.amountNanos),
    balance_usd: decimal(e.balanceNanos),
    note: e.note,
    reference: e.reference,
  },
});

export const upsertAccount = (a: CreditAccount, nowMs: number): Statement => ({
  query: 'budget_credit_accounts_upsert',
  params: {
    tenant: a.tenant,
    agent: a.agent,
    opened_at: isoTime(a.openedMs),
    updated_at: isoTime(nowMs),
    top_up_mode: a.policy?.mode ?? null,
    top_up_below_usd: optDecimal(a.policy?.belowNanos ?? null),
    top_up_within_hours: a.policy?.withinHours ?? null,
    top_up_amount_usd: optDecimal(a.policy?.amountNanos ?? null),
    top_up_max_per_month: a.policy?.maxPerMonth ?? null,
    top_up_webhook: a.policy?.webhook ?? null,
  },
});

function policyOf(r: Row): TopUpPolicy | null {
  const mode = optText(r, 'top_up_mode');
  if (mode !== 'threshold' && mode !== 'predictive') return null;
  return {
    mode,
    belowNanos: optInt(r, 'top_up_below_nanos'),
    withinHours: r.top_up_within_hours === null ? null : Number(r.top_up_within_hours),
    amountNanos: int(r, 'top_up_amount_nanos'),
    maxPerMonth: int(r, 'top_up_max_per_month'),
    webhook: optText(r, 'top_up_webhook'),
  };
}

/** Start-up: every account with its policy, credit, spend since opening and the last day's hourly spend. */
export async function loadAccounts(db: BudgetDb, month: string, burnSinceMs: number): Promise<CreditAccount[]> {
  const accounts = new Map<string, CreditAccount>();
  const key = (r: Row) => `${text(r, 'tenant')}\u0000${text(r, 'agent')}`;
  for (const r of await db.rows('budget_credit_accounts_list', { month_start: `${month}-01T00:00:00Z` })) {
    accounts.set(key(r), {
      tenant: text(r, 'tenant'),
      agent: text(r, 'agent'),
      openedMs: int(r, 'opened_ms'),
      creditedNanos: int(r, 'credited_nanos'),
      spentNanos: 0,
      policy: policyOf(r),
      month,
      topUpsInMonth: int(r, 'top_ups_in_month'),
      pausedInMonth: int(r, 'pauses_in_month') > 0,
      hourly: new Map(),
    });
  }
  for (const r of await db.rows('budget_credits_spend')) {
    const a = accounts.get(key(r));
    if (a) a.spentNanos = int(r, 'spent_nanos');
  }
  for (const r of await db.rows('budget_credits_recent_spend', { since: isoTime(burnSinceMs) })) {
    accounts.get(key(r))?.hourly.set(int(r, 'hour_ms'), int(r, 'spent_nanos'));
  }
  return [...accounts.values()];
}

export async function listLedger(db: BudgetDb, tenant: string, agent: string, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db.rows('budget_credits_ledger_list', { tenant, agent, limit, offset }),
    db.rows('budget_credits_ledger_count', { tenant, agent }),
  ]);
  const data = rows.map((r) => ({
    id: text(r, 'id'),
    created_at: new Date(int(r, 'created_ms')).toISOString(),
    kind: text(r, 'kind'),
    amount_usd: nanosToUsd(int(r, 'amount_nanos')),
    balance_usd: nanosToUsd(int(r, 'balance_nanos')),
    note: optText(r, 'note'),
    reference: optText(r, 'reference'),
  }));
  return { data, total: int(count[0] ?? {}, 'total') };
}
