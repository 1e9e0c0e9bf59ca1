import type { Clock } from '../clock.js';
import type { ReservationBook } from '../check/reservations.js';
import type { Budget } from '../model/budget.js';
import { type BudgetEngine, type BudgetSpend, spendKey } from './engine.js';
import { statusOf, type BudgetStatus } from './status.js';
import { SpendState } from '../spend/spend-state.js';

/** Budget status as the API and alerts show it: spend, reservations, thresholds fired, projection. */
export class BudgetStatusReader {
  constructor(private readonly engine: BudgetEngine, private readonly reservations: ReservationBook, private readonly clock: Clock) {}

  status(spend: BudgetSpend): BudgetStatus {
    const key = spendKey(spend.budget.id, spend.periodKey);
    return statusOf(spend, this.reservations.heldIn(key), this.engine.firedThresholds(spend.budget.id, spend.periodKey), this.clock());
  }

  /**
   * The current period of a calendar budget. For a per-run budget: run `runId` when given,
   * else the run with the most spend under it (the one closest to its ceiling), or nothing
   * spent when no run has spent under it yet.
   */
  current(budget: Budget, runId?: string): BudgetStatus | undefined {
    if (budget.period !== 'per_run' || runId !== undefined) {
      const spend = this.engine.spendAt(budget, this.clock(), runId);
      return spend && this.status(spend);
    }
    const top = this.runSpends(budget).sort((a, b) => b.state.totals.costNanos - a.state.totals.costNanos)[0];
    return this.status(top ?? { budget, periodKey: '', startMs: this.clock(), endMs: null, runId: null, state: new SpendState() });
  }

  /** Budgets at or over their limit now; per-run budgets once per run that is. */
  overLimit(tenant: string): BudgetStatus[] {
    const out: BudgetStatus[] = [];
    for (const budget of this.engine.registry.forTenant(tenant)) {
      const spends = budget.period === 'per_run' ? this.runSpends(budget) : [this.engine.spendAt(budget, this.clock())];
      for (const s of spends) if (s && s.state.totals.costNanos >= budget.limitNanos) out.push(this.status(s));
    }
    return out;
  }

  /** How many runs a per-run budget currently covers, and how many of them are over its limit. */
  runCounts(budget: Budget): { runs: number; overLimit: number } {
    const spends = this.runSpends(budget);
    return { runs: spends.length, overLimit: spends.filter((s) => s.state.totals.costNanos >= budget.limitNanos).length };
  }

  private runSpends(budget: Budget): BudgetSpend[] {
    const spends: BudgetSpend[] = [];
    for (const run of this.engine.runs.runs(budget.tenant)) {
      const s = this.engine.spendAt(budget, this.clock(), run.runId);
      if (s && s.state.totals.calls > 0) spends.push(s);
    }
    return spends;
  }
}
