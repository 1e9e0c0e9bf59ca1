import type { Component } from '../../pipeline/component.js';
import type { CommitListener, CommittedBatch } from '../../pipeline/commit.js';
import { formatUsdNanos, nanosToUsd } from '../../util/money.js';
import type { CreditAllowance, CreditLimits } from '../check/checker.js';
import type { Clock } from '../clock.js';
import type { OutboundEvent, Outbox } from '../delivery/outbox.js';
import { forEachSpendFact } from '../spend/call-facts.js';
import { newId } from '../ids.js';
import { NotFoundError } from '../model/errors.js';
import type { BudgetDb, Statement } from '../store/db.js';
import { insertLedgerEntry, listLedger, loadAccounts, upsertAccount, type LedgerKind } from '../store/credits-store.js';
import { insertNotification, type Severity } from '../store/notifications-store.js';
import { balanceOf, policyJson, utcMonth, type CreditAccount, type TopUpPolicy } from './account.js';
import { BURN_WINDOW_MS, burnRateNanosPerHour, decideTopUp, hoursUntilEmpty } from './top-up-policy.js';

const HOUR_MS = 3_600_000;
const keyOf = (tenant: string, agent: string) => `${tenant}\u0000${agent}`;

/**
 * Prepaid balances per agent. Committed spend draws them down in memory; credit, top-ups and
 * pauses are ledger entries. An auto top-up is applied at once (the balance rises), recorded in
 * the ledger and sent by webhook in one transaction, so the billing system charges exactly the
 * top-ups the ledger shows.
 */
export class CreditsService implements Component, CommitListener, CreditLimits {
  private readonly accounts = new Map<string, CreditAccount>();
  private readonly writes = new Set<Promise<unknown>>();

  constructor(private readonly db: BudgetDb, private readonly outbox: Outbox, private readonly clock: Clock) {}

  async start(): Promise<void> {
    await this.reload();
  }

  /** Balances and burn rates from the ledger and the stored spend (start-up, and after re-pricing). */
  async reload(): Promise<void> {
    const now = this.clock();
    const accounts = await loadAccounts(this.db, utcMonth(now), now - BURN_WINDOW_MS);
    this.accounts.clear();
    for (const a of accounts) this.accounts.set(keyOf(a.tenant, a.agent), a);
    for (const a of this.accounts.values()) this.evaluate(a);
  }

  async shutdown(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  allowanceOf(tenant: string, agent: string): CreditAllowance | undefined {
    const a = this.accounts.get(keyOf(tenant, agent));
    return a && { agent, key: `credits|${tenant}|${agent}`, creditedNanos: a.creditedNanos, spentNanos: a.spentNanos };
  }

  onCommit(batch: CommittedBatch): void {
    if (this.accounts.size === 0) return;
    const touched = new Set<CreditAccount>();
    forEachSpendFact(batch, (f) => {
      const a = this.accounts.get(keyOf(f.tenant, f.agent));
      if (!a || f.timeMs < a.openedMs || f.costNanos === null) return;
      a.spentNanos += f.costNanos;
      const hour = Math.floor(f.timeMs / HOUR_MS) * HOUR_MS;
      a.hourly.set(hour, (a.hourly.get(hour) ?? 0) + f.costNanos);
      touched.add(a);
    });
    for (const a of touched) this.evaluate(a);
  }

  async addCredit(tenant: string, agent: string, amountNanos: number, note: string | null, reference: string | null): Promise<CreditAccount> {
    const now = this.clock();
    const { account, opened } = this.accountFor(tenant, agent, now);
    account.creditedNanos += amountNanos;
    try {
      await this.db.transaction([
        ...(opened ? [upsertAccount(account, now)] : []),
        insertLedgerEntry(this.entry(account, 'credit', amountNanos, note, reference, now)),
      ]);
    } catch (error) {
      account.creditedNanos -= amountNanos;
      if (opened) this.accounts.delete(keyOf(tenant, agent));
      throw error;
    }
    this.evaluate(account);
    return account;
  }

  /** Sets (or with null, turns off) the auto top-up policy; opens the account if needed. */
  async setPolicy(tenant: string, agent: string, policy: TopUpPolicy | null): Promise<CreditAccount> {
    const now = this.clock();
    const { account, opened } = this.accountFor(tenant, agent, now);
    const before = account.policy;
    account.policy = policy;
    try {
      await this.db.transaction([upsertAccount(account, now)]);
    } catch (error) {
      account.policy = before;
      if (opened) this.accounts.delete(keyOf(tenant, agent));
      throw error;
    }
    this.evaluate(account);
    return account;
  }

  account(tenant: string, agent: string): CreditAccount {
    const a = this.accounts.get(keyOf(tenant, agent));
    if (!a) throw new NotFoundError(`agent "${agent}" has no credit account; POST /v1/credits/${encodeURIComponent(agent)} opens one`);
    return a;
  }

  accountJson(a: CreditAccount) {
    const now = this.clock();
    this.rollMonth(a, now);
    const hours = hoursUntilEmpty(a, now);
    return {
      agent: a.agent,
      balance_usd: nanosToUsd(balanceOf(a)),
      credited_usd: nanosToUsd(a.creditedNanos),
      spent_usd: nanosToUsd(a.spentNanos),
      opened_at: new Date(a.openedMs).toISOString(),
      burn_rate_usd_per_hour: nanosToUsd(Math.round(burnRateNanosPerHour(a, now))),
      hours_until_empty: hours === null ? null : Math.round(hours * 100) / 100,
      auto_top_up: a.policy && { ...policyJson(a.policy), top_ups_this_month: a.topUpsInMonth, paused: a.pausedInMonth },
    };
  }

  ledger(tenant: string, agent: string, limit: number, offset: number) {
    return listLedger(this.db, tenant, agent, limit, offset);
  }

  private accountFor(tenant: string, agent: string, now: number): { account: CreditAccount; opened: boolean } {
    const existing = this.accounts.get(keyOf(tenant, agent));
    if (existing) return { account: existing, opened: false };
    const account: CreditAccount = {
      tenant,
      agent,
      openedMs: now,
      creditedNanos: 0,
      spentNanos: 0,
      policy: null,
      month: utcMonth(now),
      topUpsInMonth: 0,
      pausedInMonth: false,
      hourly: new Map(),
    };
    this.accounts.set(keyOf(tenant, agent), account);
    return { account, opened: true };
  }

  private rollMonth(a: CreditAccount, now: number): void {
    const month = utcMonth(now);
    if (a.month === month) return;
    a.month = month;
    a.topUpsInMonth = 0;
    a.pausedInMonth = false;
  }

  private evaluate(a: CreditAccount): void {
    const now = this.clock();
    this.rollMonth(a, now);
    for (const [hour] of a.hourly) if (hour + HOUR_MS <= now - BURN_WINDOW_MS) a.hourly.delete(hour);
    const decision = decideTopUp(a, now);
    if (decision === 'top_up') this.topUp(a, now);
    else if (decision === 'pause') this.pause(a, now);
  }

  private topUp(a: CreditAccount, now: number): void {
    const policy = a.policy!;
    a.creditedNanos += policy.amountNanos;
    a.topUpsInMonth++;
    const entry = this.entry(a, 'top_up', policy.amountNanos, `auto top-up (${policy.mode})`, null, now);
    const title = `Auto top-up of ${formatUsdNanos(policy.amountNanos)} for agent ${a.agent}`;
    const message = `${title}: balance now ${formatUsdNanos(balanceOf(a))}, top-up ${a.topUpsInMonth} of ${policy.maxPerMonth} this month.`;
    this.record(a, entry, 'credits.top_up', 'info', title, message, [], () => {
      a.creditedNanos -= policy.amountNanos;
      a.topUpsInMonth--;
    });
  }

  private pause(a: CreditAccount, now: number): void {
    const policy = a.policy!;
    a.pausedInMonth = true;
    const entry = this.entry(a, 'top_up_paused', 0, `monthly cap of ${policy.maxPerMonth} top-ups reached`, null, now);
    const title = `Auto top-up paused for agent ${a.agent}`;
    const message = `${title}: the cap of ${policy.maxPerMonth} top-ups this month is reached and the balance is ${formatUsdNanos(balanceOf(a))}. Add credit or raise max_per_month.`;
    this.record(a, entry, 'credits.top_up_paused', 'critical', title, message, this.outbox.peopleToEmail(), () => {
      a.pausedInMonth = false;
    });
  }

  private entry(a: CreditAccount, kind: LedgerKind, amountNanos: number, note: string | null, reference: string | null, now: number) {
    return { id: newId('led'), tenant: a.tenant, agent: a.agent, createdMs: now, kind, amountNanos, balanceNanos: balanceOf(a), note, reference };
  }

  private record(
    a: CreditAccount,
    entry: ReturnType<CreditsService['entry']>,
    type: 'credits.top_up' | 'credits.top_up_paused',
    severity: Severity,
    title: string,
    message: string,
    emails: string[],
    undo: () => void,
  ): void {
    const payload = {
      type,
      id: entry.id,
      tenant: a.tenant,
      created_at: new Date(entry.createdMs).toISOString(),
      title,
      message,
      agent: a.agent,
      amount_usd: nanosToUsd(entry.amountNanos),
      balance_usd: nanosToUsd(entry.balanceNanos),
      top_ups_this_month: a.topUpsInMonth,
      auto_top_up: a.policy && policyJson(a.policy),
    };
    const statements: Statement[] = [
      insertLedgerEntry(entry),
      insertNotification({ id: newId('ntf'), tenant: a.tenant, createdMs: entry.createdMs, kind: type, severity, title, message, budgetId: null, data: payload }),
    ];
    const event: OutboundEvent = { tenant: a.tenant, type, id: entry.id, payload, webhooks: a.policy?.webhook ? [a.policy.webhook] : [], emails };
    const write = this.outbox.publish(statements, [event]).catch((error: unknown) => {
      // Not recorded, not sent: undone in memory, so the next commit decides again.
      undo();
      console.error(`tokentally budgets: could not record ${type} for agent ${a.agent}:`, (error as Error).message);
    });
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }
}
