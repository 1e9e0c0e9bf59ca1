import type { CommitListener, CommittedBatch } from '../../pipeline/commit.js';
import type { Clock } from '../clock.js';
import type { Budget } from '../model/budget.js';
import { calendarPeriod, type PeriodWindow } from '../period.js';
import { forEachSpendFact } from '../spend/call-facts.js';
import { matchesAny } from '../spend/matcher.js';
import { RUN_MEMORY_MS, type RunUsage, type RunUsageStore } from '../spend/run-usage.js';
import { SpendState } from '../spend/spend-state.js';
import { quarterDetailSince, WINDOW_MS, type UsageWindow } from '../spend/usage-window.js';
import type { BudgetRegistry } from './budget-registry.js';
import { crossedThresholds } from './thresholds.js';

/** A budget's spend in one period (calendar) or one run (per_run). */
export interface BudgetSpend {
  budget: Budget;
  /** `${budget id}|${periodKey}` keys reservations and fired thresholds. */
  periodKey: string;
  startMs: number;
  endMs: number | null;
  runId: string | null;
  state: SpendState;
}

export interface Crossing {
  spend: BudgetSpend;
  threshold: number;
}

/** Receives the thresholds that fired; the engine has already marked them fired. */
export interface CrossingSink {
  crossed(crossings: Crossing[]): void;
}

export const spendKey = (budgetId: string, periodKey: string) => `${budgetId}|${periodKey}`;
export const runPeriodKey = (runId: string) => `run:${runId}`;

interface Tracked {
  window: PeriodWindow;
  state: SpendState;
}

interface Fired {
  thresholds: Set<number>;
  lastMs: number;
}

/** Tracked periods that ended this long ago are dropped; a late span recomputes them from the window. */
const KEEP_ENDED_MS = 24 * 3_600_000;

/**
 * Spend per budget per period, kept in memory and moved only by committed calls (onCommit), and
 * the thresholds that fired. Periods reset by the clock: a new period is a new key whose spend
 * is what the window holds for it, so nothing ever has to zero a running total.
 */
export class BudgetEngine implements CommitListener {
  private readonly tracked = new Map<string, Tracked>();
  private readonly fired = new Map<string, Fired>();
  private sink: CrossingSink = { crossed: () => undefined };

  constructor(
    readonly registry: BudgetRegistry,
    private usage: UsageWindow,
    private runUsage: RunUsageStore,
    private readonly clock: Clock,
  ) {}

  get window(): UsageWindow {
    return this.usage;
  }

  get runs(): RunUsageStore {
    return this.runUsage;
  }

  /** Spend rebuilt from the roll-ups replaces what commits built (after re-pricing changed stored costs). */
  replaceUsage(window: UsageWindow, runs: RunUsageStore): void {
    this.usage = window;
    this.runUsage = runs;
    this.tracked.clear();
  }

  connect(sink: CrossingSink): void {
    this.sink = sink;
  }

  /**
   * The spend of `budget` in the period containing `atMs`, or in run `runId` for per-run
   * budgets (undefined without a run id, or when the period is older than the window).
   */
  spendAt(budget: Budget, atMs: number, runId?: string): BudgetSpend | undefined {
    if (budget.period === 'per_run') return runId === undefined ? undefined : this.runSpend(budget, runId);
    const window = calendarPeriod(budget.period, budget.timezone, atMs);
    const tracked = this.tracked.get(spendKey(budget.id, window.key)) ?? this.track(budget, window);
    return tracked && this.calendarSpend(budget, tracked);
  }

  onCommit(batch: CommittedBatch): void {
    const now = this.clock();
    const touched = new Map<string, BudgetSpend | { budget: Budget; runId: string }>();
    forEachSpendFact(batch, (facts) => {
      this.window.addCall(facts);
      this.runs.addCall(facts);
      for (const budget of this.registry.forTenant(facts.tenant)) {
        if (!matchesAny(this.registry.termsOf(budget), facts)) continue;
        if (budget.period === 'per_run') {
          touched.set(spendKey(budget.id, runPeriodKey(facts.runId)), { budget, runId: facts.runId });
          continue;
        }
        const window = calendarPeriod(budget.period, budget.timezone, facts.timeMs);
        const key = spendKey(budget.id, window.key);
        let tracked = this.tracked.get(key);
        if (tracked) tracked.state.addCall(facts.agent, facts.model, facts.costNanos, facts.calls);
        else if (window.startMs >= now - WINDOW_MS) tracked = this.track(budget, window);
        if (tracked) touched.set(key, this.calendarSpend(budget, tracked));
      }
    });
    const spends = [...touched.values()].map((t) => ('state' in t ? t : this.runSpend(t.budget, t.runId)));
    this.emit(this.evaluate(spends, now));
    // Runs the store let go for room: their per-run state goes with them.
    this.forgetRuns(this.runs.takeEvicted());
  }

  /** Fires every threshold already reached and not fired: at start-up, and after a budget changes. */
  evaluateAll(budgets: readonly Budget[] = this.registry.all()): void {
    const now = this.clock();
    const spends: BudgetSpend[] = [];
    for (const budget of budgets) {
      if (budget.period !== 'per_run') {
        const spend = this.spendAt(budget, now);
        if (spend) spends.push(spend);
        continue;
      }
      for (const run of this.runs.runs(budget.tenant)) {
        const spend = this.runSpend(budget, run.runId);
        if (spend.state.totals.calls > 0) spends.push(spend);
      }
    }
    this.emit(this.evaluate(spends, now));
  }

  firedThresholds(budgetId: string, periodKey: string): number[] {
    return [...(this.fired.get(spendKey(budgetId, periodKey))?.thresholds ?? [])].sort((a, b) => a - b);
  }

  markFired(budgetId: string, periodKey: string, threshold: number, atMs: number): void {
    const key = spendKey(budgetId, periodKey);
    let fired = this.fired.get(key);
    if (!fired) this.fired.set(key, (fired = { thresholds: new Set(), lastMs: atMs }));
    fired.thresholds.add(threshold);
    fired.lastMs = Math.max(fired.lastMs, atMs);
  }

  /** The alert for `c` could not be stored: let the next commit (or the next start) fire it again. */
  unmarkFired(c: Crossing): void {
    this.fired.get(spendKey(c.spend.budget.id, c.spend.periodKey))?.thresholds.delete(c.threshold);
  }

  /** A tenant's budgets changed (scope, target, period, zone or parentage): spend is recomputed. */
  budgetsChanged(tenant: string): void {
    for (const key of this.tracked.keys()) {
      const budget = this.registry.get(key.slice(0, key.indexOf('|')));
      if (!budget || budget.tenant === tenant) this.tracked.delete(key);
    }
  }

  budgetRemoved(budgetId: string): void {
    const prefix = `${budgetId}|`;
    for (const key of this.tracked.keys()) if (key.startsWith(prefix)) this.tracked.delete(key);
    for (const key of this.fired.keys()) if (key.startsWith(prefix)) this.fired.delete(key);
  }

  /** Drops what can no longer count toward a current period. */
  prune(): void {
    const now = this.clock();
    this.window.evictBefore(now - WINDOW_MS);
    this.window.keepQuartersSince(quarterDetailSince(now));
    this.forgetRuns(this.runs.evictIdle(now - RUN_MEMORY_MS));
    for (const [key, tracked] of this.tracked) if (tracked.window.endMs < now - KEEP_ENDED_MS) this.tracked.delete(key);
    // A calendar period can be recomputed while it started inside the window; its thresholds fired after it started.
    for (const [key, fired] of this.fired) if (!key.includes('|run:') && fired.lastMs < now - WINDOW_MS) this.fired.delete(key);
  }

  /** Forgets the thresholds per-run budgets fired for runs no longer in memory. */
  private forgetRuns(runs: readonly RunUsage[]): void {
    for (const run of runs) {
      for (const budget of this.registry.forTenant(run.tenant)) this.fired.delete(spendKey(budget.id, runPeriodKey(run.runId)));
    }
  }

  private track(budget: Budget, window: PeriodWindow): Tracked | undefined {
    if (window.startMs < this.clock() - WINDOW_MS) return undefined;
    const state = new SpendState();
    const terms = this.registry.termsOf(budget);
    for (const cell of this.window.cells(budget.tenant, window.startMs, window.endMs)) {
      if (matchesAny(terms, cell)) state.add(cell.agent, cell.model, cell);
    }
    const tracked = { window, state };
    this.tracked.set(spendKey(budget.id, window.key), tracked);
    return tracked;
  }

  private calendarSpend(budget: Budget, t: Tracked): BudgetSpend {
    return { budget, periodKey: t.window.key, startMs: t.window.startMs, endMs: t.window.endMs, runId: null, state: t.state };
  }

  private runSpend(budget: Budget, runId: string): BudgetSpend {
    const state = new SpendState();
    const run = this.runs.get(budget.tenant, runId);
    const terms = this.registry.termsOf(budget);
    if (run) {
      for (const [agent, totals] of run.byAgent) if (matchesAny(terms, { agent, runId })) state.add(agent, null, totals);
    }
    return { budget, periodKey: runPeriodKey(runId), startMs: run?.firstMs ?? this.clock(), endMs: null, runId, state };
  }

  private evaluate(spends: BudgetSpend[], now: number): Crossing[] {
    const crossings: Crossing[] = [];
    for (const s of spends) {
      // Backfilled history (a late or replayed span) moves a finished period's total, but an alert
      // about a period that is already over helps nobody and cannot stop anything: it stays quiet.
      if (s.endMs !== null && s.endMs <= now) continue;
      const fired = this.fired.get(spendKey(s.budget.id, s.periodKey))?.thresholds;
      for (const threshold of crossedThresholds(s.budget.thresholds, fired, s.state.totals.costNanos, s.budget.limitNanos)) {
        this.markFired(s.budget.id, s.periodKey, threshold, now);
        crossings.push({ spend: s, threshold });
      }
    }
    return crossings;
  }

  private emit(crossings: Crossing[]): void {
    if (crossings.length > 0) this.sink.crossed(crossings);
  }
}
