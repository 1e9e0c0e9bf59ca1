import { addTo, addTotals, emptyTotals, type Totals } from './totals.js';

/** Who spent: an agent and (for calendar budgets) a model, with their cost and calls. */
export interface CostDriver {
  agent: string;
  /** null for per-run budgets, whose stored totals are kept per agent only. */
  model: string | null;
  costNanos: number;
  calls: number;
}

/** A budget's spend in one period, with what it was spent on. */
export class SpendState {
  readonly totals: Totals = emptyTotals();
  private readonly drivers = new Map<string, CostDriver>();

  add(agent: string, model: string | null, totals: Totals): void {
    addTotals(this.totals, totals);
    const key = `${agent}\u0000${model ?? ''}`;
    let driver = this.drivers.get(key);
    if (!driver) this.drivers.set(key, (driver = { agent, model, costNanos: 0, calls: 0 }));
    driver.costNanos += totals.costNanos;
    driver.calls += totals.calls;
  }

  /** `calls` -1 withdraws a call (a fix-up moving it to another agent or run). */
  addCall(agent: string, model: string, costNanos: number | null, calls: 1 | -1 = 1): void {
    const t = emptyTotals();
    addTo(t, costNanos, calls);
    this.add(agent, model, t);
  }

  topDrivers(n: number): CostDriver[] {
    return [...this.drivers.values()].sort((a, b) => b.costNanos - a.costNanos || b.calls - a.calls).slice(0, n);
  }
}
