import { currentAttribution, type Attribution } from '../attribution/context.js';
import { resetWarning, warnOnce } from '../warn-once.js';
import { deliverBudgetAlert } from './alerts.js';
import { AllowanceCache } from './allowance-cache.js';
import { requestBudgetCheck, type BudgetCheckEndpoint } from './check-client.js';
import {
  BudgetApprovalDeniedError,
  BudgetApprovalRequiredError,
  BudgetExceededError,
  BudgetUnavailableError,
} from './errors.js';
import { estimateCostUsd, type CostEstimateInput } from './estimate.js';

export type BudgetFailMode = 'open' | 'closed';

export interface BudgetGuardOptions {
  endpoint: BudgetCheckEndpoint;
  /** What to do when the collector cannot answer: let the call through, or stop it. */
  failMode: BudgetFailMode;
  /** How long an answer is reused; 0 asks before every call. */
  cacheMs: number;
  /** The agent checked when no withAgent is in effect: service.name, as the collector falls back to. */
  defaultAgent?: string;
  estimate?: (input: CostEstimateInput) => Promise<number | undefined>;
  now?: () => number;
}

export interface GuardDecision {
  /** Set when the collector reserved the estimated cost; goes on the model-call span. */
  reservationId?: string;
  estimatedCostUsd?: number;
}

// After the collector failed to answer, calls skip the check for this long instead of each
// paying a connection attempt or a timeout while it is down.
const UNAVAILABLE_BACKOFF_MS = 5_000;
const UNAVAILABLE_WARNING = 'TOKENTALLY_BUDGET_UNAVAILABLE';

/**
 * Asks the collector's budget check before a model call and throws a BudgetError instead of
 * letting a call through that a hard budget forbids.
 */
export class BudgetGuard {
  private readonly cache: AllowanceCache;
  private readonly now: () => number;
  private unavailableUntil = 0;

  constructor(private readonly options: BudgetGuardOptions) {
    this.now = options.now ?? Date.now;
    this.cache = new AllowanceCache(options.cacheMs, 1_000, this.now);
  }

  async beforeModelCall(call: CostEstimateInput, attribution: Attribution = currentAttribution()): Promise<GuardDecision> {
    const agent = attribution.agent ?? this.options.defaultAgent;
    const estimatedCostUsd = await (this.options.estimate ?? estimateCostUsd)(call);
    const key = [agent, attribution.runId, attribution.taskType, call.model].map((part) => part ?? '').join('\u0000');

    const cached = this.cache.take(key);
    if (cached?.kind === 'denied') throw new BudgetExceededError(cached.denial);
    if (cached) return { estimatedCostUsd };
    if (this.now() < this.unavailableUntil) return this.whenUnavailable('the collector did not answer recently');

    const outcome = await requestBudgetCheck(
      { agent, runId: attribution.runId, taskType: attribution.taskType, model: call.model, estimatedCostUsd },
      this.options.endpoint,
    );
    switch (outcome.status) {
      case 'allowed':
        this.unavailableUntil = 0;
        resetWarning(UNAVAILABLE_WARNING);
        if (outcome.cacheable) this.cache.put(key, { kind: 'allowed' });
        outcome.warnings.forEach(deliverBudgetAlert);
        return { reservationId: outcome.reservationId, estimatedCostUsd };
      case 'denied':
        this.cache.put(key, { kind: 'denied', denial: outcome.denial });
        throw new BudgetExceededError(outcome.denial);
      case 'approval_required':
        throw new BudgetApprovalRequiredError(outcome.approval);
      case 'approval_denied':
        throw new BudgetApprovalDeniedError(outcome.approval);
      case 'unavailable':
        this.unavailableUntil = this.now() + UNAVAILABLE_BACKOFF_MS;
        return this.whenUnavailable(outcome.reason);
    }
  }

  private whenUnavailable(reason: string): GuardDecision {
    if (this.options.failMode === 'closed') throw new BudgetUnavailableError(reason);
    warnOnce(
      UNAVAILABLE_WARNING,
      `tokentally: budget check at ${this.options.endpoint.baseUrl} unavailable (${reason}); model calls proceed unchecked (TOKENTALLY_BUDGET_FAIL=open)`,
    );
    return {};
  }
}
