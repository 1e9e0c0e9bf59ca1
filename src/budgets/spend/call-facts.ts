import type { CommittedBatch, SpendFact } from '../../pipeline/commit.js';
import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';

/** The facts of committed spend that budgets use (see SpendFact). */
export type CallFacts = SpendFact;

/** Sets `facts` to a model call's. */
function setCallFacts(facts: CallFacts, call: CallRecord): CallFacts {
  facts.tenant = call.tenant;
  facts.runId = call.runId;
  facts.agent = call.agent;
  facts.model = call.responseModel !== '' ? call.responseModel : call.requestModel;
  facts.taskType = call.taskType ?? '';
  facts.timeMs = Math.floor(call.startUs / 1000);
  facts.costNanos = call.cost === null ? null : call.cost.totalCost;
  facts.calls = 1;
  return facts;
}

/** Sets `facts` to a priced activity's (provider 'tool', model = its name). */
function setActivityFacts(facts: CallFacts, a: ActivityRecord, costNanos: number): CallFacts {
  facts.tenant = a.tenant;
  facts.runId = a.runId;
  facts.agent = a.agent;
  facts.model = a.name;
  facts.taskType = a.taskType ?? '';
  facts.timeMs = Math.floor(a.startUs / 1000);
  facts.costNanos = costNanos;
  facts.calls = 1;
  return facts;
}

/**
 * Everything a commit adds to spend: its model calls and its priced activity (tools with a
 * per-call price, recordCost spans), and the spend its fix-ups moved between agents and runs:
 * exactly what the exporter adds to hourly_usage and run_agents, so totals kept from commits
 * equal totals rebuilt from the roll-ups.
 */
export function forEachSpendFact(batch: CommittedBatch, each: (facts: Readonly<CallFacts>) => void): void {
  // A callback, not a generator, and one facts object refilled for every call: this runs for every
  // committed call in each of two listeners (an object a call was ~110 bytes of the main thread's
  // garbage a call under load). `each` reads the facts; it must not keep them.
  const facts: CallFacts = { tenant: '', runId: '', agent: '', model: '', taskType: '', timeMs: 0, costNanos: null, calls: 1 };
  for (const call of batch.calls) each(setCallFacts(facts, call));
  for (const a of batch.activities) if (a.costNanos !== null) each(setActivityFacts(facts, a, a.costNanos));
  for (const m of batch.moved ?? []) each(m);
}
