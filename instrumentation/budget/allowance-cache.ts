import type { BudgetDenial } from './errors.js';

export type Allowance =
  | { kind: 'allowed'; remainingUsd: number | null }
  | { kind: 'denied'; denial: BudgetDenial };

interface Entry {
  allowance: Allowance;
  expiresAt: number;
}

/**
 * The budget check's recent answers, per (agent, run, task type, model), so that most model calls
 * cost no round trip. An allowance is spent down locally by each call's estimated cost; a call
 * the cached remainder does not cover asks the collector again. Bounded: a long-lived agent
 * starts a new run id per pipeline execution.
 */
export class AllowanceCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The cached denial, or the cached allowance after spending `estimateUsd` from it, or
   * undefined when the collector must be asked.
   */
  take(key: string, estimateUsd: number | undefined): Allowance | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    const allowance = entry.allowance;
    if (allowance.kind === 'denied' || allowance.remainingUsd === null) return allowance;
    const cost = estimateUsd ?? 0;
    if (allowance.remainingUsd <= 0 || cost > allowance.remainingUsd) return undefined;
    entry.allowance = { kind: 'allowed', remainingUsd: allowance.remainingUsd - cost };
    return entry.allowance;
  }

  put(key: string, allowance: Allowance): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.evict();
    this.entries.set(key, { allowance, expiresAt: this.now() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
    // Maps iterate in insertion order and put() re-inserts, so the first key is the stalest.
    while (this.entries.size >= this.maxEntries) {
      const stalest = this.entries.keys().next();
      if (stalest.done) break;
      this.entries.delete(stalest.value);
    }
  }
}
