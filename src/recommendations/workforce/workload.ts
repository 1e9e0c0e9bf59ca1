import { roundTo } from '../../analytics/stats.js';
import { nanosToUsd } from '../../util/money.js';
import { addActivity, isActive, NO_ACTIVITY, type Activity, type Latency } from './activity.js';
import { proratedNanos } from './human-equivalent.js';
import type { WorkforceProfile } from './registry.js';

/** Calendar days a report covers, inclusive (YYYY-MM-DD). */
export interface Period {
  startDate: string;
  endDate: string;
}

/**
 * Activity with what it is weighed against. The human equivalent counts only agents that state
 * one and worked in the period, from the later of the period's start and the agent's first day
 * of work (an agent deployed mid-month replaces half a month of work); its cost is compared with
 * the spend of those same agents.
 */
export interface Workload extends Activity {
  humanNanos: number;
  comparedCostNanos: number;
  comparedAgents: number;
  latency: Latency;
}

export interface AgentWorkload extends Workload {
  agent: string;
  profile: WorkforceProfile | undefined;
}

export const NO_LATENCY: Latency = { calls: 0, durationMs: 0 };

export interface WorkloadInputs {
  registry: Map<string, WorkforceProfile>;
  firstDays: Map<string, string>;
  activity: Map<string, Activity>;
  latency: Map<string, Latency>;
}

/** One workload per agent that is registered or worked in the period. */
export function agentWorkloads(period: Period, inputs: WorkloadInputs): AgentWorkload[] {
  const names = [...new Set([...inputs.registry.keys(), ...inputs.activity.keys()])].sort();
  return names.map((agent) => {
    const activity = inputs.activity.get(agent) ?? NO_ACTIVITY;
    const profile = inputs.registry.get(agent);
    const monthly = profile?.humanEquivalentMonthlyNanos ?? null;
    const compared = monthly !== null && isActive(activity);
    const firstDay = inputs.firstDays.get(agent) ?? period.startDate;
    return {
      agent,
      profile,
      ...activity,
      humanNanos: compared ? proratedNanos(monthly, firstDay > period.startDate ? firstDay : period.startDate, period.endDate) : 0,
      comparedCostNanos: compared ? activity.costNanos : 0,
      comparedAgents: compared ? 1 : 0,
      latency: inputs.latency.get(agent) ?? NO_LATENCY,
    };
  });
}

export function sumWorkloads(list: readonly Workload[]): Workload {
  let total: Workload = { ...NO_ACTIVITY, humanNanos: 0, comparedCostNanos: 0, comparedAgents: 0, latency: NO_LATENCY };
  for (const w of list) {
    total = {
      ...addActivity(total, w),
      humanNanos: total.humanNanos + w.humanNanos,
      comparedCostNanos: total.comparedCostNanos + w.comparedCostNanos,
      comparedAgents: total.comparedAgents + w.comparedAgents,
      latency: { calls: total.latency.calls + w.latency.calls, durationMs: total.latency.durationMs + w.latency.durationMs },
    };
  }
  return total;
}

/** Mean duration of the model calls, where they were timed (trends are not: roll-ups keep no durations). */
export function responseTimeJson(w: Workload) {
  return { average_response_time_ms: w.latency.calls === 0 ? null : roundTo(w.latency.durationMs / w.latency.calls, 1) };
}

/** Percent change from `previous` to `current`; null without a previous value to compare with. */
export function changePercent(current: number, previous: number): number | null {
  return previous === 0 ? null : roundTo((100 * (current - previous)) / previous, 2);
}

/**
 * ROI = (human equivalent - agent cost) / agent cost, over the agents that state a human
 * equivalent. Null where there is nothing to compare.
 */
export function workloadJson(w: Workload) {
  const compared = w.comparedAgents > 0;
  const savings = w.humanNanos - w.comparedCostNanos;
  return {
    agent_cost_usd: nanosToUsd(w.costNanos),
    human_equivalent_cost_usd: compared ? nanosToUsd(w.humanNanos) : null,
    compared_agent_cost_usd: compared ? nanosToUsd(w.comparedCostNanos) : null,
    savings_usd: compared ? nanosToUsd(savings) : null,
    roi_percent: compared && w.comparedCostNanos > 0 ? roundTo((100 * savings) / w.comparedCostNanos, 2) : null,
    runs: w.runs,
    tasks_completed: w.tasksCompleted,
    invocations: w.invocations,
    errors: w.errors,
    error_rate_percent: w.invocations === 0 ? 0 : roundTo((100 * w.errors) / w.invocations, 2),
    cost_per_task_usd: w.tasksCompleted === 0 ? null : nanosToUsd(Math.round(w.costNanos / w.tasksCompleted)),
  };
}
