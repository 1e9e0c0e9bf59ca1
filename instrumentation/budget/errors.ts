/** What the budget check answers with 402 when a hard budget is exhausted, as it sent it. */
export interface BudgetDenial {
  allowed: false;
  /** The exhausted budget; null when it is the agent's prepaid credit balance. */
  budget: string | null;
  limit_usd: number;
  spent_usd: number;
  /** ISO 8601 UTC, or null for a budget that never resets (per_run). */
  resets_at: string | null;
  /** limit_reached, insufficient_allowance (too little left for this call's estimate), credits_exhausted. */
  reason?: string;
  [field: string]: unknown;
}

/** What the budget check answers when the call needs a human's approval (202) or was refused it (403). */
export interface BudgetApproval {
  approval_id: string;
  [field: string]: unknown;
}

/** Base class of the errors the budget guard throws before a model call; catch this for all. */
export class BudgetError extends Error {
  override name = 'BudgetError';
}

/** A hard budget is exhausted: the model call was not made. */
export class BudgetExceededError extends BudgetError {
  override name = 'BudgetExceededError';
  readonly status = 402;
  readonly budget: string | null;
  readonly limitUsd: number;
  readonly spentUsd: number;
  readonly resetsAt: string | null;

  constructor(readonly details: BudgetDenial) {
    super(
      `tokentally: ${details.budget === null ? 'the prepaid credits are' : `budget "${details.budget}" is`} ` +
        `${details.reason === 'insufficient_allowance' ? 'too low for this call' : 'exhausted'} ` +
        `($${details.spent_usd} of $${details.limit_usd} spent` +
        (details.resets_at ? `, resets at ${details.resets_at})` : ')'),
    );
    this.budget = details.budget;
    this.limitUsd = details.limit_usd;
    this.spentUsd = details.spent_usd;
    this.resetsAt = details.resets_at;
  }
}

/** The call needs approval (budget approval_threshold_usd): the model call was not made. */
export class BudgetApprovalRequiredError extends BudgetError {
  override name = 'BudgetApprovalRequiredError';
  readonly status = 202;
  readonly approvalId: string;

  constructor(readonly details: BudgetApproval) {
    super(`tokentally: the model call needs approval ${details.approval_id} before it can run`);
    this.approvalId = details.approval_id;
  }
}

/** A human refused the approval this call needed: the model call was not made. */
export class BudgetApprovalDeniedError extends BudgetError {
  override name = 'BudgetApprovalDeniedError';
  readonly status = 403;
  readonly approvalId: string;

  constructor(readonly details: BudgetApproval) {
    super(`tokentally: approval ${details.approval_id} for the model call was denied`);
    this.approvalId = details.approval_id;
  }
}

/** The collector could not be asked and TOKENTALLY_BUDGET_FAIL=closed: the model call was not made. */
export class BudgetUnavailableError extends BudgetError {
  override name = 'BudgetUnavailableError';

  constructor(readonly reason: string) {
    super(`tokentally: budget check unavailable (${reason}) and the guard fails closed`);
  }
}
