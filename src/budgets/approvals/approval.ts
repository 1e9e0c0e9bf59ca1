import { nanosToUsd } from '../../util/money.js';

export type ApprovalStatus = 'pending' | 'approved' | 'denied';
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'denied'];

/** A request to run an operation whose estimated cost is over a budget's approval threshold. */
export interface Approval {
  id: string;
  tenant: string;
  status: ApprovalStatus;
  agent: string | null;
  runId: string | null;
  taskType: string | null;
  model: string | null;
  operation: string | null;
  estimatedNanos: number;
  reason: string | null;
  budgetId: string | null;
  budgetName: string | null;
  callbackUrl: string | null;
  requestedMs: number;
  decidedMs: number | null;
  decidedBy: string | null;
  decisionNote: string | null;
  /** When the approved operation passed the budget check; an approval is good for one operation. */
  usedMs: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function approvalJson(a: Approval) {
  return {
    id: a.id,
    status: a.status,
    agent: a.agent,
    run_id: a.runId,
    task_type: a.taskType,
    model: a.model,
    operation: a.operation,
    estimated_cost_usd: nanosToUsd(a.estimatedNanos),
    reason: a.reason,
    budget: a.budgetName,
    budget_id: a.budgetId,
    callback_url: a.callbackUrl,
    requested_at: iso(a.requestedMs),
    decided_at: iso(a.decidedMs),
    decided_by: a.decidedBy,
    decision_note: a.decisionNote,
    used_at: iso(a.usedMs),
  };
}
