import type { Clock } from '../clock.js';
import type { AlertsConfig } from '../config.js';
import { newId } from '../ids.js';
import type { BudgetDb, Statement } from '../store/db.js';
import { insertAttempt, maxSeq } from '../store/outbox-store.js';
import type { DeliveryAttempt, EventType } from './attempt.js';
import type { Dispatcher } from './dispatcher.js';

/** Something to tell the outside world: one JSON payload, sent to every target. */
export interface OutboundEvent {
  tenant: string;
  type: EventType;
  id: string;
  payload: object;
  /** Besides alerts.webhook.urls, which receive every event. */
  webhooks: string[];
  /** Recipients; empty when the event is for machines only. Ignored when SMTP is not configured. */
  emails: string[];
}

const unique = (xs: string[]) => [...new Set(xs)];

/**
 * The transactional outbox: an event's deliveries are stored in the same transaction as the
 * facts behind it (a fired threshold, a decision, a top-up), and only then handed to the
 * dispatcher. Either both are stored or neither, so nothing is sent that was not recorded and
 * nothing recorded is left unsent.
 */
export class Outbox {
  private seq = 0;

  constructor(
    private readonly db: BudgetDb,
    private readonly dispatcher: Dispatcher,
    private readonly config: AlertsConfig,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    this.seq = await maxSeq(this.db);
  }

  /** The configured recipients of alerts for people, plus `extra`. */
  peopleToEmail(extra: string[] = []): string[] {
    return unique([...extra, ...(this.config.email?.to ?? [])]);
  }

  async publish(statements: Statement[], events: OutboundEvent[]): Promise<void> {
    const attempts = events.flatMap((e) => this.attemptsFor(e));
    await this.db.transaction([...statements, ...attempts.map(insertAttempt)]);
    this.dispatcher.enqueue(attempts);
  }

  private attemptsFor(e: OutboundEvent): DeliveryAttempt[] {
    const now = this.clock();
    const seq = ++this.seq;
    const payload = JSON.stringify(e.payload);
    const targets: Array<[DeliveryAttempt['channel'], string]> = unique([...e.webhooks, ...this.config.webhook.urls]).map((url) => ['webhook', url]);
    if (this.config.email) for (const to of unique(e.emails)) targets.push(['email', to]);
    return targets.map(([channel, target]) => ({
      id: newId('att'),
      seq,
      deliveryId: newId('dlv'),
      tenant: e.tenant,
      eventType: e.type,
      eventId: e.id,
      channel,
      target,
      payload,
      attempt: 1,
      scheduledMs: now,
      createdMs: now,
    }));
  }
}
