import type { BudgetDenial } from './errors.js';

export type Allowance = { kind: 'allowed' } | { kind: 'denied'; denial: BudgetDenial };

interface Entry {
  allowance: Allowance;
  expiresAt: number;
}

/**
 * The budget check's recent answers that may be reused, per (agent, run, task type, model), so
 * that calls nothing could stop cost no round trip: a refusal, and an allowance the collector
 * marked `cacheable` (no hard budget, prepaid credits or approval threshold applies). Where
 * something could stop a call, every call asks and reserves its own estimate: agents that each
 * spent down a remembered remainder could together spend more than remains. Bounded: a
 * long-lived agent starts a new run id per pipeline execution.
 */
export class AllowanceCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer, or undefined when the collector must be asked. */
  take(key: string): Allowance | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
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
