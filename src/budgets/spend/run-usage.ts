import type { CallFacts } from './call-facts.js';
import { addTo, addTotals, emptyTotals, type Totals } from './totals.js';

/** Spend of one run, in total and per agent. */
export interface RunUsage extends Totals {
  tenant: string;
  runId: string;
  firstMs: number;
  lastMs: number;
  byAgent: Map<string, Totals>;
}

/**
 * How long a run stays in memory after its last call. Per-run budgets follow runs that are
 * still going; a run resumed after a longer pause starts from what is in memory (nothing).
 */
export const RUN_MEMORY_MS = 7 * 24 * 3_600_000;

/**
 * How many runs a tenant's memory holds at most, the least recently active going first. A trace
 * that names no run is a run of its own (plain chat traffic: one a call), so a week of runs was
 * unbounded: measured here, 3M stored runs made the server take 17 s and 3.3 GB to start. Per-run
 * budgets are for runs that are going on; a fleet has far fewer of those at once.
 */
export const RUNS_PER_TENANT = 20_000;

/** Per-run totals for per_run budgets: loaded from runs / run_agents, then fed every committed call. */
export class RunUsageStore {
  /** Each tenant's runs in order of last activity (a Map keeps insertion order), least recent first. */
  private readonly tenants = new Map<string, Map<string, RunUsage>>();
  /** Runs forgotten for room since takeEvicted() was last asked. */
  private evicted: RunUsage[] = [];
  /** The run touched last: a batch's calls come run by run, and it is already last in its tenant's order. */
  private lastTouched: RunUsage | undefined;

  constructor(readonly capacity = RUNS_PER_TENANT) {}

  get(tenant: string, runId: string): RunUsage | undefined {
    return this.tenants.get(tenant)?.get(runId);
  }

  runs(tenant: string): Iterable<RunUsage> {
    return this.tenants.get(tenant)?.values() ?? [];
  }

  /** The run, created if new, as the tenant's most recently active (the least recent goes beyond capacity). */
  private runOf(tenant: string, runId: string, ms: number): RunUsage {
    let runs = this.tenants.get(tenant);
    if (!runs) this.tenants.set(tenant, (runs = new Map()));
    let run = runs.get(runId);
    if (run) {
      if (run !== this.lastTouched) {
        runs.delete(runId);
        runs.set(runId, run);
        this.lastTouched = run;
      }
      return run;
    }
    runs.set(runId, (run = { tenant, runId, firstMs: ms, lastMs: ms, byAgent: new Map(), ...emptyTotals() }));
    this.lastTouched = run;
    if (runs.size > this.capacity) {
      const [oldestId, oldest] = runs.entries().next().value!;
      runs.delete(oldestId);
      this.evicted.push(oldest);
    }
    return run;
  }

  /** The runs forgotten for room since the last call, so that their per-run state can go too. */
  takeEvicted(): RunUsage[] {
    const evicted = this.evicted;
    this.evicted = [];
    return evicted;
  }

  /** A run's stored totals (start-up). */
  loadRun(tenant: string, runId: string, firstMs: number, lastMs: number, totals: Totals): void {
    const run = this.runOf(tenant, runId, firstMs);
    run.lastMs = Math.max(run.lastMs, lastMs);
    addTotals(run, totals);
  }

  /** An agent's share of a run (start-up). */
  loadAgent(tenant: string, runId: string, agent: string, totals: Totals): void {
    const run = this.tenants.get(tenant)?.get(runId);
    if (!run) return;
    let share = run.byAgent.get(agent);
    if (!share) run.byAgent.set(agent, (share = emptyTotals()));
    addTotals(share, totals);
  }

  addCall(call: CallFacts): RunUsage {
    const run = this.runOf(call.tenant, call.runId, call.timeMs);
    run.firstMs = Math.min(run.firstMs, call.timeMs);
    run.lastMs = Math.max(run.lastMs, call.timeMs);
    addTo(run, call.costNanos, call.calls);
    let share = run.byAgent.get(call.agent);
    if (!share) run.byAgent.set(call.agent, (share = emptyTotals()));
    addTo(share, call.costNanos, call.calls);
    return run;
  }

  /** Forgets runs idle since before `ms`; returns them so their per-run state can go too. */
  evictIdle(ms: number): RunUsage[] {
    const evicted: RunUsage[] = [];
    for (const runs of this.tenants.values()) {
      for (const [id, run] of runs) {
        if (run.lastMs < ms) {
          runs.delete(id);
          evicted.push(run);
        }
      }
    }
    return evicted;
  }
}
