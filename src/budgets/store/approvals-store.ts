import type { Approval, ApprovalStatus } from '../approvals/approval.js';
import type { BudgetDb, Row, Statement } from './db.js';
import { decimal, int, isoTime, optInt, optText, text } from './values.js';

function approvalOf(r: Row): Approval {
  return {
    id: text(r, 'id'),
    tenant: text(r, 'tenant'),
    status: text(r, 'status') as ApprovalStatus,
    agent: optText(r, 'agent'),
    runId: optText(r, 'run_id'),
    taskType: optText(r, 'task_type'),
    model: optText(r, 'model'),
    operation: optText(r, 'operation'),
    estimatedNanos: int(r, 'estimated_cost_nanos'),
    reason: optText(r, 'reason'),
    budgetId: optText(r, 'budget_id'),
    budgetName: optText(r, 'budget_name'),
    callbackUrl: optText(r, 'callback_url'),
    requestedMs: int(r, 'requested_ms'),
    decidedMs: optInt(r, 'decided_ms'),
    decidedBy: optText(r, 'decided_by'),
    decisionNote: optText(r, 'decision_note'),
    usedMs: optInt(r, 'used_ms'),
  };
}

export const insertApproval = (a: Approval): Statement => ({
  query: 'budget_approvals_insert',
  params: {
    id: a.id,
    tenant: a.tenant,
    agent: a.agent,
    run_id: a.runId,
    task_type: a.taskType,
    model: a.model,
    operation: a.operation,
    estimated_cost_usd: decimal(a.estimatedNanos),
    reason: a.reason,
    budget_id: a.budgetId,
    budget_name: a.budgetName,
    callback_url: a.callbackUrl,
    requested_at: isoTime(a.requestedMs),
  },
});

export const decideApproval = (a: Approval): Statement => ({
  query: 'budget_approvals_decide',
  params: { id: a.id, status: a.status, decided_at: isoTime(a.decidedMs ?? 0), decided_by: a.decidedBy, decision_note: a.decisionNote },
});

export const useApproval = (a: Approval): Statement => ({ query: 'budget_approvals_use', params: { id: a.id, used_at: isoTime(a.usedMs ?? 0) } });

export async function loadOpenApprovals(db: BudgetDb, deniedSinceMs: number): Promise<Approval[]> {
  return (await db.rows('budget_approvals_open', { denied_since: isoTime(deniedSinceMs) })).map(approvalOf);
}

export async function getApproval(db: BudgetDb, tenant: string, id: string): Promise<Approval | undefined> {
  const row = (await db.rows('budget_approvals_get', { tenant, id }))[0];
  return row && approvalOf(row);
}

export async function listApprovals(db: BudgetDb, tenant: string, status: ApprovalStatus | null, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db.rows('budget_approvals_list', { tenant, status, limit, offset }),
    db.rows('budget_approvals_count', { tenant, status }),
  ]);
  return { data: rows.map(approvalOf), total: int(count[0] ?? {}, 'total') };
}
