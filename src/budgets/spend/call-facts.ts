import type { CommittedBatch, SpendFact } from '../../pipeline/commit.js';
import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';

/** The facts of committed spend that budgets use (see SpendFact). */
export type CallFacts = SpendFact;

export function callFacts(call: CallRecord): CallFacts {
  return {
    tenant: call.tenant,
    runId: call.runId,
    agent: call.agent,
    model: call.responseModel !== '' ? call.responseModel : call.requestModel,
    taskType: call.taskType ?? '',
    timeMs: Math.floor(call.startUs / 1000),
    costNanos: call.cost === null ? null : call.cost.totalCost,
    calls: 1,
  };
}

function activityFacts(a: ActivityRecord, costNanos: number): CallFacts {
  return { tenant: a.tenant, runId: a.runId, agent: a.agent, model: a.name, taskType: a.taskType ?? '', timeMs: Math.floor(a.startUs / 1000), costNanos, calls: 1 };
}

/**
 * Everything a commit adds to spend: its model calls and its priced activity (tools with a
 * per-call price, recordCost spans), and the spend its fix-ups moved between agents and runs:
 * exactly what the exporter adds to hourly_usage and run_agents, so totals kept from commits
 * equal totals rebuilt from the roll-ups.
 */
export function forEachSpendFact(batch: CommittedBatch, each: (facts: CallFacts) => void): void {
  // A callback, not a generator: this runs for every committed call, and each step of a
  // generator allocates its result object.
  for (const call of batch.calls) each(callFacts(call));
  for (const a of batch.activities) if (a.costNanos !== null) each(activityFacts(a, a.costNanos));
  for (const m of batch.moved ?? []) each(m);
}
