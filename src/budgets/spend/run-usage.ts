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

/** Per-run totals for per_run budgets: loaded from runs / run_agents, then fed every committed call. */
export class RunUsageStore {
  private readonly tenants = new Map<string, Map<string, RunUsage>>();

  get(tenant: string, runId: string): RunUsage | undefined {
    return this.tenants.get(tenant)?.get(runId);
  }

  runs(tenant: string): Iterable<RunUsage> {
    return this.tenants.get(tenant)?.values() ?? [];
  }

  private runOf(tenant: string, runId: string, ms: number): RunUsage {
    let runs = this.tenants.get(tenant);
    if (!runs) this.tenants.set(tenant, (runs = new Map()));
    let run = runs.get(runId);
    if (!run) runs.set(runId, (run = { tenant, runId, firstMs: ms, lastMs: ms, byAgent: new Map(), ...emptyTotals() }));
    return run;
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
