import type { Component } from '../../pipeline/component.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { BudgetDb, Statement } from '../store/db.js';
import { insertAttempt, loadPending, recordAttempt } from '../store/outbox-store.js';
import type { Channel, DeliveryAttempt, DeliveryOutcome, Transport } from './attempt.js';
import { backoffMs } from './retry-policy.js';

export interface RetrySettings {
  maxAttempts: number;
  initialBackoffMs: number;
}

/** Messages to one target, sent one at a time in order; a retrying message holds back those after it. */
interface Lane {
  queue: DeliveryAttempt[];
  running: boolean;
}

/**
 * Works through the outbox (webhook_deliveries): sends each pending attempt when it is due,
 * stores its outcome, and on a retryable failure stores the next attempt, due after an
 * exponential back-off, in the same transaction. Pending rows left by a previous process are
 * resumed on start, so an alert stored in the outbox is delivered even across a restart.
 */
export class Dispatcher implements Component {
  private readonly lanes = new Map<string, Lane>();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private readonly inFlight = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private started = false;
  private stopped = false;

  constructor(
    private readonly db: BudgetDb,
    private readonly transports: Partial<Record<Channel, Transport>>,
    private readonly retry: RetrySettings,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    const pending = await loadPending(this.db);
    this.started = true;
    this.enqueue(pending);
  }

  /** Attempts already stored as pending; they go out after everything queued before them. */
  enqueue(attempts: DeliveryAttempt[]): void {
    for (const a of attempts) {
      const key = `${a.channel} ${a.target}`;
      let lane = this.lanes.get(key);
      if (!lane) this.lanes.set(key, (lane = { queue: [], running: false }));
      lane.queue.push(a);
    }
    if (!this.started || this.stopped) return;
    for (const lane of this.lanes.values()) {
      if (!lane.running && lane.queue.length > 0) this.track(this.drain(lane));
    }
  }

  /** Resolves once nothing is queued or being sent (tests wait on it). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.wake();
    }
    await Promise.all([...this.inFlight]);
    for (const t of Object.values(this.transports)) t?.close?.();
  }

  private isIdle(): boolean {
    for (const lane of this.lanes.values()) if (lane.running || lane.queue.length > 0) return false;
    return true;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      if (this.isIdle()) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    });
  }

  private async drain(lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (!this.stopped && lane.queue.length > 0) {
        const head = lane.queue[0]!;
        const wait = head.scheduledMs - this.clock();
        if (wait > 0) await this.sleep(wait);
        if (this.stopped) break;
        const next = await this.attempt(head);
        if (next) lane.queue[0] = next;
        else lane.queue.shift();
      }
    } finally {
      lane.running = false;
    }
  }

  /** Makes one attempt and stores its outcome; returns the next attempt when there is one. */
  private async attempt(a: DeliveryAttempt): Promise<DeliveryAttempt | undefined> {
    const transport = this.transports[a.channel];
    const started = this.clock();
    const t0 = performance.now();
    const outcome: DeliveryOutcome = transport
      ? await transport.send(a)
      : { status: 'permanent', responseStatus: null, error: `${a.channel} delivery is not configured` };
    const durationMs = performance.now() - t0;
    const retry = outcome.status === 'retryable' && a.attempt < this.retry.maxAttempts;
    const next: DeliveryAttempt | undefined = retry
      ? { ...a, id: newId('att'), attempt: a.attempt + 1, scheduledMs: this.clock() + backoffMs(a.attempt, this.retry.initialBackoffMs), createdMs: this.clock() }
      : undefined;
    const statements: Statement[] = [
      recordAttempt({
        id: a.id,
        status: outcome.status === 'delivered' ? 'succeeded' : retry ? 'failed' : 'exhausted',
        attemptedMs: started,
        responseStatus: outcome.responseStatus,
        error: outcome.status === 'delivered' ? null : outcome.error,
        durationMs,
      }),
    ];
    if (next) statements.push(insertAttempt(next));
    try {
      await this.db.transaction(statements);
    } catch (error) {
      // The attempt stays pending in the table and is made again after a restart; the receiver
      // can tell by the unchanged X-Tokentally-Delivery id.
      console.error(`tokentally budgets: could not record delivery attempt ${a.id}:`, (error as Error).message);
    }
    if (outcome.status !== 'delivered') {
      console.warn(`tokentally budgets: ${a.eventType} to ${a.target} failed (attempt ${a.attempt}${retry ? ', will retry' : ', giving up'}): ${outcome.error}`);
    }
    return next;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(sleeper);
    });
  }
}
