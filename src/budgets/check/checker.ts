import type { Clock } from '../clock.js';
import type { Approval } from '../approvals/approval.js';
import type { Budget } from '../model/budget.js';
import type { BudgetEngine, BudgetSpend } from '../engine/engine.js';
import { spendKey } from '../engine/engine.js';
import { matchesAny, type Dims } from '../spend/matcher.js';
import type { Reservation, ReservationBook } from './reservations.js';

export interface CheckRequest extends Dims {
  /** 0 when the caller gave no estimate: nothing is reserved. */
  estimatedNanos: number;
  approvalId?: string;
}

/** A prepaid balance the check must respect (see credits/). */
export interface CreditAllowance {
  agent: string;
  key: string;
  creditedNanos: number;
  spentNanos: number;
}

export interface CreditLimits {
  allowanceOf(tenant: string, agent: string): CreditAllowance | undefined;
}

export interface ApprovalLookup {
  /** Approvals the check can meet: pending, approved and unused, recently denied. */
  find(tenant: string, id: string): Approval | undefined;
  markUsed(approval: Approval): void;
}

export type DenyReason = 'limit_reached' | 'insufficient_allowance' | 'credits_exhausted';

/** A budget the call is under that has passed one of its thresholds: the caller may want to slow down. */
export interface CheckWarning {
  budget: Budget;
  /** The highest threshold (percent) spend has reached. */
  threshold: number;
  spentNanos: number;
  resetsAtMs: number | null;
}

export type CheckDecision =
  | {
      outcome: 'allowed';
      remainingNanos: number | null;
      reservation: Reservation | null;
      budgets: Budget[];
      warnings: CheckWarning[];
      /**
       * Nothing in the scope could stop a call (no hard budget, prepaid credits or approval
       * threshold applies): the caller may reuse the answer for later calls of the same scope
       * without asking. Where something could, each call must ask and reserve its own estimate,
       * or callers that each reuse an answer could together spend more than remains.
       */
      cacheable: boolean;
    }
  | {
      outcome: 'denied';
      reason: DenyReason;
      /** The exhausted budget, or null when it is the agent's credit balance. */
      budget: Budget | null;
      creditAgent: string | null;
      limitNanos: number;
      spentNanos: number;
      reservedNanos: number;
      resetsAtMs: number | null;
    }
  | { outcome: 'approval_required'; budget: Budget }
  | { outcome: 'approval_pending' | 'approval_denied'; approval: Approval };

type Denial = Extract<CheckDecision, { outcome: 'denied' }>;

interface Allowance {
  key: string;
  limitNanos: number;
  spentNanos: number;
  reservedNanos: number;
}

/**
 * The budget check the instrumentation calls before each model call. Everything it reads is in
 * memory (spend from the engine, reservations, credits, open approvals), so it answers without
 * touching DuckDB.
 */
export class BudgetChecker {
  constructor(
    private readonly engine: BudgetEngine,
    private readonly reservations: ReservationBook,
    private readonly credits: CreditLimits,
    private readonly approvals: ApprovalLookup,
    private readonly clock: Clock,
  ) {}

  check(tenant: string, req: CheckRequest): CheckDecision {
    const now = this.clock();
    const spends: BudgetSpend[] = [];
    for (const budget of this.engine.registry.forTenant(tenant)) {
      if (!matchesAny(this.engine.registry.termsOf(budget), req)) continue;
      const spend = this.engine.spendAt(budget, now, req.runId);
      if (spend) spends.push(spend);
    }
    const allowances: Allowance[] = [];
    let denial: Denial | undefined;
    for (const s of spends) {
      const a = this.allowance(spendKey(s.budget.id, s.periodKey), s.budget.limitNanos, s.state.totals.costNanos);
      allowances.push(a);
      if (s.budget.policy !== 'hard') continue;
      const reason = this.shortfall(a, req.estimatedNanos);
      if (reason && (!denial || (reason === 'limit_reached' && denial.reason !== 'limit_reached'))) {
        denial = { outcome: 'denied', reason, budget: s.budget, creditAgent: null, ...amounts(a), resetsAtMs: s.endMs };
      }
    }
    const credit = req.agent === undefined ? undefined : this.credits.allowanceOf(tenant, req.agent);
    if (credit) {
      const a = this.allowance(credit.key, credit.creditedNanos, credit.spentNanos);
      allowances.push(a);
      if (!denial && this.shortfall(a, req.estimatedNanos)) {
        denial = { outcome: 'denied', reason: 'credits_exhausted', budget: null, creditAgent: credit.agent, ...amounts(a), resetsAtMs: null };
      }
    }
    if (denial) return denial;

    const needsApproval = spends.find((s) => s.budget.approvalThresholdNanos !== null && req.estimatedNanos > s.budget.approvalThresholdNanos);
    let approval: Approval | undefined;
    if (needsApproval) {
      approval = req.approvalId === undefined ? undefined : this.approvals.find(tenant, req.approvalId);
      if (approval?.status === 'pending') return { outcome: 'approval_pending', approval };
      if (approval?.status === 'denied') return { outcome: 'approval_denied', approval };
      if (!approval || approval.usedMs !== null || req.estimatedNanos > approval.estimatedNanos) {
        return { outcome: 'approval_required', budget: needsApproval.budget };
      }
    }
    if (approval) this.approvals.markUsed(approval);

    const reservation = req.estimatedNanos > 0 ? this.reservations.reserve(tenant, allowances.map((a) => a.key), req.estimatedNanos) : null;
    const held = reservation?.amountNanos ?? 0;
    const remaining = allowances.length === 0 ? null : Math.max(0, Math.min(...allowances.map((a) => a.limitNanos - a.spentNanos - a.reservedNanos - held)));
    const cacheable = !credit && spends.every((s) => s.budget.policy !== 'hard' && s.budget.approvalThresholdNanos === null);
    return { outcome: 'allowed', remainingNanos: remaining, reservation, budgets: spends.map((s) => s.budget), warnings: spends.flatMap(warningOf), cacheable };
  }

  private allowance(key: string, limitNanos: number, spentNanos: number): Allowance {
    return { key, limitNanos, spentNanos, reservedNanos: this.reservations.heldIn(key) };
  }

  /** Why an estimate does not fit: nothing left at all, or not enough left beside what others reserved. */
  private shortfall(a: Allowance, estimatedNanos: number): DenyReason | undefined {
    if (a.spentNanos >= a.limitNanos) return 'limit_reached';
    if (estimatedNanos > 0 && a.spentNanos + a.reservedNanos + estimatedNanos > a.limitNanos) return 'insufficient_allowance';
    return undefined;
  }
}

function warningOf(s: BudgetSpend): CheckWarning[] {
  const spent = s.state.totals.costNanos;
  const reached = s.budget.thresholds.filter((t) => spent * 100 >= t * s.budget.limitNanos);
  const threshold = reached.at(-1);
  return threshold === undefined ? [] : [{ budget: s.budget, threshold, spentNanos: spent, resetsAtMs: s.endMs }];
}

function amounts(a: Allowance) {
  return { limitNanos: a.limitNanos, spentNanos: a.spentNanos, reservedNanos: a.reservedNanos };
}
