import type { Component } from '../../pipeline/component.js';
import type { ApprovalLookup } from '../check/checker.js';
import type { Clock } from '../clock.js';
import type { Outbox } from '../delivery/outbox.js';
import type { BudgetRegistry } from '../engine/budget-registry.js';
import { formatUsdNanos } from '../../util/money.js';
import { newId } from '../ids.js';
import { ConflictError, NotFoundError } from '../model/errors.js';
import type { BudgetDb } from '../store/db.js';
import { decideApproval, getApproval, insertApproval, listApprovals, loadOpenApprovals, useApproval } from '../store/approvals-store.js';
import { insertNotification } from '../store/notifications-store.js';
import { approvalJson, type Approval, type ApprovalStatus } from './approval.js';

export interface ApprovalRequest {
  agent: string | null;
  runId: string | null;
  taskType: string | null;
  model: string | null;
  operation: string | null;
  estimatedNanos: number;
  reason: string | null;
  /** Name of the budget whose approval threshold the operation exceeds, when known. */
  budget: string | null;
  callbackUrl: string | null;
}

export type Decision = Exclude<ApprovalStatus, 'pending'>;

/** How long a denial stays in memory for callers still polling the budget check with its id. */
const DENIAL_MEMORY_MS = 24 * 3_600_000;

/**
 * Approvals for operations over a budget's approval threshold. Those the budget check can meet
 * (pending, approved and not yet used, recently denied) are kept in memory; every change is
 * stored, shown as a notification and sent by webhook (the decision also to the requester's
 * callback URL).
 */
export class ApprovalService implements Component, ApprovalLookup {
  private readonly live = new Map<string, Approval>();
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    private readonly db: BudgetDb,
    private readonly outbox: Outbox,
    private readonly registry: BudgetRegistry,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    for (const a of await loadOpenApprovals(this.db, this.clock() - DENIAL_MEMORY_MS)) this.live.set(a.id, a);
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  find(tenant: string, id: string): Approval | undefined {
    const a = this.live.get(id);
    return a && a.tenant === tenant ? a : undefined;
  }

  /** The check let the approved operation through: the approval is spent. */
  markUsed(a: Approval): void {
    a.usedMs = this.clock();
    this.live.delete(a.id);
    const write = this.db.transaction([useApproval(a)]).catch((error: unknown) => {
      console.error(`tokentally budgets: could not record use of approval ${a.id}:`, (error as Error).message);
    });
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  async request(tenant: string, r: ApprovalRequest): Promise<Approval> {
    const budget = r.budget === null ? undefined : this.registry.byName(tenant, r.budget);
    const a: Approval = {
      id: newId('apr'),
      tenant,
      status: 'pending',
      ...r,
      budgetId: budget?.id ?? null,
      budgetName: budget?.name ?? r.budget,
      requestedMs: this.clock(),
      decidedMs: null,
      decidedBy: null,
      decisionNote: null,
      usedMs: null,
    };
    const title = `Approval needed: ${formatUsdNanos(a.estimatedNanos)} ${a.operation ?? 'operation'}${a.agent ? ` by ${a.agent}` : ''}`;
    const message = `${title}${budget ? ` exceeds the approval threshold of budget "${budget.name}"` : ''}. Approve or deny with POST /v1/approvals/${a.id}/approve or /deny.`;
    const payload = { type: 'approval.requested' as const, id: a.id, tenant, created_at: new Date(a.requestedMs).toISOString(), title, message, approval: approvalJson(a) };
    this.live.set(a.id, a);
    try {
      await this.outbox.publish(
        [insertApproval(a), insertNotification({ id: newId('ntf'), tenant, createdMs: a.requestedMs, kind: payload.type, severity: 'warning', title, message, budgetId: a.budgetId, data: payload })],
        [{ tenant, type: payload.type, id: a.id, payload, webhooks: budget?.webhooks ?? [], emails: this.outbox.peopleToEmail(budget?.emails) }],
      );
    } catch (error) {
      this.live.delete(a.id);
      throw error;
    }
    return a;
  }

  async decide(tenant: string, id: string, decision: Decision, by: string | null, note: string | null): Promise<Approval> {
    const open = this.find(tenant, id);
    if (!open) {
      const stored = await getApproval(this.db, tenant, id);
      if (!stored) throw new NotFoundError(`no approval "${id}"`);
      throw new ConflictError(`approval "${id}" is already ${stored.status}`);
    }
    if (open.status !== 'pending') throw new ConflictError(`approval "${id}" is already ${open.status}`);
    this.forgetOldDenials();
    const decided: Approval = { ...open, status: decision, decidedMs: this.clock(), decidedBy: by, decisionNote: note };
    // Claimed before the first await, so a concurrent second decision finds it decided.
    this.live.set(id, decided);
    const title = `Approval ${decision}: ${formatUsdNanos(decided.estimatedNanos)} ${decided.operation ?? 'operation'}${decided.agent ? ` by ${decided.agent}` : ''}`;
    const message = `${title}${by ? ` (by ${by})` : ''}${note ? `: ${note}` : ''}.`;
    const payload = { type: 'approval.decided' as const, id, tenant, created_at: new Date(decided.decidedMs!).toISOString(), title, message, approval: approvalJson(decided) };
    const budget = decided.budgetId === null ? undefined : this.registry.get(decided.budgetId);
    const webhooks = [...(decided.callbackUrl ? [decided.callbackUrl] : []), ...(budget?.webhooks ?? [])];
    try {
      await this.outbox.publish(
        [decideApproval(decided), insertNotification({ id: newId('ntf'), tenant, createdMs: decided.decidedMs!, kind: payload.type, severity: 'info', title, message, budgetId: decided.budgetId, data: payload })],
        [{ tenant, type: payload.type, id, payload, webhooks, emails: [] }],
      );
    } catch (error) {
      this.live.set(id, open);
      throw error;
    }
    return decided;
  }

  async get(tenant: string, id: string): Promise<Approval | undefined> {
    return this.find(tenant, id) ?? (await getApproval(this.db, tenant, id));
  }

  private forgetOldDenials(): void {
    const before = this.clock() - DENIAL_MEMORY_MS;
    for (const [id, a] of this.live) if (a.status === 'denied' && (a.decidedMs ?? 0) < before) this.live.delete(id);
  }

  list(tenant: string, status: ApprovalStatus | null, limit: number, offset: number) {
    return listApprovals(this.db, tenant, status, limit, offset);
  }
}
