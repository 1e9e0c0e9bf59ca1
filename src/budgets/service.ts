import type { Component } from '../pipeline/component.js';
import type { CommitListener, CommittedBatch } from '../pipeline/commit.js';
import type { Database } from '../storage/database.js';
import { AlertPublisher } from './alerts/publisher.js';
import { ApprovalService } from './approvals/approvals.js';
import { BudgetChecker } from './check/checker.js';
import { ReservationBook } from './check/reservations.js';
import { systemClock, type Clock } from './clock.js';
import type { BudgetsConfig } from './config.js';
import { CreditsService } from './credits/credits.js';
import type { Channel, Transport } from './delivery/attempt.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { createEmailTransport } from './delivery/email-transport.js';
import { Outbox } from './delivery/outbox.js';
import { createWebhookTransport } from './delivery/webhook-transport.js';
import { BudgetRegistry } from './engine/budget-registry.js';
import { BudgetEngine } from './engine/engine.js';
import { BudgetStatusReader } from './engine/status-reader.js';
import { BudgetAdmin } from './model/budget-admin.js';
import type { Budget } from './model/budget.js';
import { AgentRegistry } from './registry/agents.js';
import { loadBudgets } from './store/budgets-store.js';
import { BudgetDb } from './store/db.js';
import { listBudgetEvents, loadFired } from './store/events-store.js';
import { listDeliveries, type DeliveryFilter } from './store/outbox-store.js';
import { listNotifications, markNotificationRead } from './store/notifications-store.js';
import { loadUsage } from './store/usage-loader.js';
import { RunUsageStore } from './spend/run-usage.js';
import { UsageWindow } from './spend/usage-window.js';

/** Top optimization recommendations for what a budget limits, for its alerts (issue: alerts carry them). */
export type AlertRecommendations = (budget: { tenant: string; scope: Budget['scope']; target: string | null }) => Promise<unknown[]>;

export interface BudgetsDeps {
  database: Database;
  clock?: Clock;
  recommendations?: AlertRecommendations;
}

/** Pruning of old periods and runs; nothing time-critical depends on it. */
const MAINTENANCE_INTERVAL_MS = 5 * 60_000;

/**
 * Budgets, alerts, hard stops, approvals, credits and the agent registry as one component.
 * It is a CommitListener of the DuckDB exporter; the API routes use its members.
 * Start it after the exporter and before the receivers: its totals are loaded from the roll-ups
 * and then moved only by commits.
 */
export class BudgetsService implements Component, CommitListener {
  readonly clock: Clock;
  readonly registry = new BudgetRegistry();
  readonly engine: BudgetEngine;
  readonly reservations: ReservationBook;
  readonly statuses: BudgetStatusReader;
  readonly checker: BudgetChecker;
  readonly admin: BudgetAdmin;
  readonly approvals: ApprovalService;
  readonly credits: CreditsService;
  readonly agents: AgentRegistry;
  readonly dispatcher: Dispatcher;
  private readonly db: BudgetDb;
  private readonly outbox: Outbox;
  private readonly publisher: AlertPublisher;
  private maintenance: NodeJS.Timeout | undefined;
  private state: 'created' | 'started' | 'stopped' = 'created';
  /**
   * Commits that arrive while start() loads, applied once it has. Normally there are none: the
   * assembler starts budgets before the receivers (a commit stored before the start-up load began
   * would be counted twice, which errs toward stopping early, never toward overspending).
   */
  private early: CommittedBatch[] = [];

  constructor(private readonly config: BudgetsConfig, deps: BudgetsDeps) {
    const clock = (this.clock = deps.clock ?? systemClock);
    this.db = new BudgetDb(deps.database);
    this.engine = new BudgetEngine(this.registry, new UsageWindow(), new RunUsageStore(), clock);
    this.reservations = new ReservationBook(config.alerts.reservation_ttl_seconds * 1000, clock);
    const transports: Partial<Record<Channel, Transport>> = { webhook: createWebhookTransport(config.alerts.webhook, clock) };
    if (config.alerts.email) transports.email = createEmailTransport(config.alerts.email);
    this.dispatcher = new Dispatcher(this.db, transports, { maxAttempts: config.alerts.webhook.max_attempts, initialBackoffMs: config.alerts.webhook.initial_backoff_ms }, clock);
    this.outbox = new Outbox(this.db, this.dispatcher, config.alerts, clock);
    this.statuses = new BudgetStatusReader(this.engine, this.reservations, clock);
    this.publisher = new AlertPublisher(this.engine, this.statuses, this.outbox, clock, deps.recommendations ?? (async () => []));
    this.approvals = new ApprovalService(this.db, this.outbox, this.registry, clock);
    this.credits = new CreditsService(this.db, this.outbox, clock);
    this.checker = new BudgetChecker(this.engine, this.reservations, this.credits, this.approvals, clock);
    this.admin = new BudgetAdmin(this.db, this.engine, clock);
    this.agents = new AgentRegistry(this.db, clock);
  }

  async start(): Promise<void> {
    await this.db.open();
    const now = this.clock();
    this.registry.load(await loadBudgets(this.db));
    await this.admin.syncConfig(this.config.budgets);
    await loadUsage(this.db, this.engine.window, this.engine.runs, now);
    await loadFired(this.db, this.engine, now);
    await this.outbox.start();
    await this.dispatcher.start();
    await this.approvals.start();
    await this.credits.start();
    this.engine.connect(this.publisher);
    // Thresholds reached while no alert could be stored (a crash between commit and alert) fire now.
    this.engine.evaluateAll();
    this.state = 'started';
    for (const batch of this.early.splice(0)) this.onCommit(batch);
    this.maintenance = setInterval(() => {
      this.engine.prune();
      this.reservations.expire();
    }, MAINTENANCE_INTERVAL_MS);
    this.maintenance.unref();
  }

  onCommit(batch: CommittedBatch): void {
    if (this.state !== 'started') {
      if (this.state === 'created') this.early.push(batch);
      return;
    }
    for (const call of batch.calls) if (call.reservationId !== null) this.reservations.settle(call.reservationId, call.tenant);
    this.engine.onCommit(batch);
    this.credits.onCommit(batch);
  }

  /**
   * Rebuilds spend and credit balances from the roll-ups, for when stored costs change without a
   * commit (re-pricing). Run it inside the exporter's exclusive(): no commit can then interleave
   * with the read, so nothing is missed or counted twice.
   */
  async reloadUsage(): Promise<void> {
    const window = new UsageWindow();
    const runs = new RunUsageStore();
    await loadUsage(this.db, window, runs, this.clock());
    this.engine.replaceUsage(window, runs);
    await this.credits.reload();
    this.engine.evaluateAll();
  }

  /** Resolves once every alert so far is stored and every delivery made or given up (tests). */
  async settled(): Promise<void> {
    await this.publisher.flushed();
    await this.dispatcher.whenIdle();
  }

  async shutdown(): Promise<void> {
    this.state = 'stopped';
    if (this.maintenance) clearInterval(this.maintenance);
    this.maintenance = undefined;
    await this.dispatcher.shutdown();
    await this.publisher.flushed();
    await this.approvals.shutdown();
    await this.credits.shutdown();
    await this.db.close();
  }

  deliveries(tenant: string, filter: DeliveryFilter, limit: number, offset: number) {
    return listDeliveries(this.db, tenant, filter, limit, offset);
  }

  notifications(tenant: string, unreadOnly: boolean, limit: number, offset: number) {
    return listNotifications(this.db, tenant, unreadOnly, limit, offset);
  }

  markNotificationRead(tenant: string, id: string): Promise<boolean> {
    return markNotificationRead(this.db, tenant, id, this.clock());
  }

  firedAlerts(tenant: string, budgetId: string | null, limit: number, offset: number) {
    return listBudgetEvents(this.db, tenant, budgetId, limit, offset);
  }
}
