import type { CommittedBatch } from '../../pipeline/commit.js';
import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';

/**
 * The few facts of committed spend that budgets use, named as the roll-up tables name them:
 * model is the response model, else the request model (for priced activity, the tool or cost
 * name); task type is '' when none.
 */
export interface CallFacts {
  tenant: string;
  runId: string;
  agent: string;
  model: string;
  taskType: string;
  timeMs: number;
  /** null when the call is unpriced. */
  costNanos: number | null;
}

export function callFacts(call: CallRecord): CallFacts {
  return {
    tenant: call.tenant,
    runId: call.runId,
    agent: call.agent,
    model: call.responseModel !== '' ? call.responseModel : call.requestModel,
    taskType: call.taskType ?? '',
    timeMs: Math.floor(call.startUs / 1000),
    costNanos: call.cost === null ? null : call.cost.totalCost,
  };
}

function activityFacts(a: ActivityRecord & { costNanos: number }): CallFacts {
  return { tenant: a.tenant, runId: a.runId, agent: a.agent, model: a.name, taskType: a.taskType ?? '', timeMs: Math.floor(a.startUs / 1000), costNanos: a.costNanos };
}

/**
 * Everything a commit adds to spend: its model calls and its priced activity (tools with a
 * per-call price, recordCost spans), exactly what the exporter adds to hourly_usage and
 * run_agents, so totals kept from commits equal totals rebuilt from the roll-ups.
 */
export function* spendFacts(batch: CommittedBatch): Iterable<CallFacts> {
  for (const call of batch.calls) yield callFacts(call);
  for (const a of batch.activities) if (a.costNanos !== null) yield activityFacts({ ...a, costNanos: a.costNanos });
}
