import type { AlertRecommendations } from '../service.js';
import type { Clock } from '../clock.js';
import type { Outbox } from '../delivery/outbox.js';
import type { BudgetEngine, Crossing, CrossingSink } from '../engine/engine.js';
import type { BudgetStatusReader } from '../engine/status-reader.js';
import { newId } from '../ids.js';
import { insertBudgetEvent } from '../store/events-store.js';
import { insertNotification } from '../store/notifications-store.js';
import { composeThresholdAlert } from './compose.js';

/** A second insert of the same (budget, period, threshold): it was stored before, so it has fired. */
const isAlreadyStored = (error: unknown) => /duplicate key|unique constraint/i.test((error as Error).message);

/**
 * Turns fired thresholds into alerts: the budget_events row, the notification and the outbox
 * deliveries of one threshold are stored in one transaction before anything is sent. If that
 * fails the threshold is marked unfired again, so the next commit (or the next start) retries.
 */
export class AlertPublisher implements CrossingSink {
  private readonly writes = new Set<Promise<void>>();

  constructor(
    private readonly engine: BudgetEngine,
    private readonly statuses: BudgetStatusReader,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly recommend: AlertRecommendations,
  ) {}

  crossed(crossings: Crossing[]): void {
    for (const c of crossings) this.track(this.publish(c));
  }

  /** Resolves when every alert handed over so far is stored. */
  async flushed(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  private async publish(c: Crossing): Promise<void> {
    const now = this.clock();
    const status = this.statuses.status(c.spend);
    const budget = status.budget;
    const id = newId('evt');
    // The top optimization recommendations for what the budget limits; an alert never waits on a
    // failure to compute them (the provider answers [] then).
    const recommendations = await this.recommend({ tenant: budget.tenant, scope: budget.scope, target: budget.target ?? null });
    const alert = { ...composeThresholdAlert(id, c.threshold, status, now), recommendations };
    const statements = [
      insertBudgetEvent({
        id,
        tenant: budget.tenant,
        budgetId: budget.id,
        budgetName: budget.name,
        periodKey: status.periodKey,
        threshold: c.threshold,
        firedMs: now,
        spentNanos: status.spentNanos,
        limitNanos: budget.limitNanos,
        percent: status.percent,
        alertJson: JSON.stringify(alert),
      }),
      insertNotification({
        id: newId('ntf'),
        tenant: budget.tenant,
        createdMs: now,
        kind: alert.type,
        severity: alert.severity,
        title: alert.title,
        message: alert.message,
        budgetId: budget.id,
        data: alert,
      }),
    ];
    const event = { tenant: budget.tenant, type: alert.type, id, payload: alert, webhooks: budget.webhooks, emails: this.outbox.peopleToEmail(budget.emails) };
    return this.outbox.publish(statements, [event]).catch((error: unknown) => {
      if (isAlreadyStored(error)) return;
      this.engine.unmarkFired(c);
      console.error(`tokentally budgets: could not store the ${c.threshold}% alert of "${budget.name}"; it will fire again:`, (error as Error).message);
    });
  }

  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }
}
