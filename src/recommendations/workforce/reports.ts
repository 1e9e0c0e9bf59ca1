import type { Reader } from '../../storage/reader.js';
import { addActivity, isActive, loadFirstDays, loadLatency, loadMonthlyActivity, type Activity, type MonthlyActivity } from './activity.js';
import { loadRegistry } from './registry.js';
import { agentWorkloads, responseTimeJson, sumWorkloads, workloadJson, type AgentWorkload, type Period } from './workload.js';

/** A report's window: instants for the queries, calendar days for the human equivalent. */
export interface ReportWindow extends Period {
  startMs: number;
  endMs: number;
}

export interface WorkforceFilter {
  agent?: string;
  department?: string;
}

export function activityByAgent(rows: readonly MonthlyActivity[]): Map<string, Activity> {
  const byAgent = new Map<string, Activity>();
  for (const r of rows) {
    const seen = byAgent.get(r.agent);
    byAgent.set(r.agent, seen ? addActivity(seen, r) : r);
  }
  return byAgent;
}

export function filtered(list: readonly AgentWorkload[], f: WorkforceFilter): AgentWorkload[] {
  return list.filter((a) => (f.agent === undefined || a.agent === f.agent) && (f.department === undefined || a.profile?.department === f.department));
}

async function windowWorkloads(reader: Reader, tenant: string, w: ReportWindow): Promise<AgentWorkload[]> {
  const [registry, firstDays, monthly, latency] = await Promise.all([
    loadRegistry(reader, tenant),
    loadFirstDays(reader, tenant),
    loadMonthlyActivity(reader, tenant, w),
    loadLatency(reader, tenant, w),
  ]);
  return agentWorkloads(w, { registry, firstDays, activity: activityByAgent(monthly), latency });
}

const byCost = (a: AgentWorkload, b: AgentWorkload) => b.costNanos - a.costNanos || a.agent.localeCompare(b.agent);

export function agentJson(a: AgentWorkload) {
  return {
    agent: a.agent,
    display_name: a.profile?.displayName ?? null,
    department: a.profile?.department ?? null,
    role: a.profile?.role ?? null,
    registered: a.profile !== undefined,
    ...workloadJson(a),
    ...responseTimeJson(a),
  };
}

/** GET /v1/workforce/summary: the whole workforce in a window, and per department. */
export async function workforceSummary(reader: Reader, tenant: string, w: ReportWindow) {
  const all = await windowWorkloads(reader, tenant, w);
  const active = all.filter(isActive);
  const departments = new Map<string | null, AgentWorkload[]>();
  for (const a of active) {
    const key = a.profile?.department ?? null;
    departments.set(key, [...(departments.get(key) ?? []), a]);
  }
  const total = sumWorkloads(active);
  return {
    agents: { active: active.length, registered: all.filter((a) => a.profile !== undefined).length, with_human_equivalent: total.comparedAgents },
    ...workloadJson(total),
    ...responseTimeJson(total),
    by_department: [...departments.entries()]
      .map(([department, list]) => ({ department, agents: list.length, sum: sumWorkloads(list) }))
      .sort((a, b) => b.sum.costNanos - a.sum.costNanos || String(a.department).localeCompare(String(b.department)))
      .map(({ department, agents, sum }) => ({ department, agents, ...workloadJson(sum), ...responseTimeJson(sum) })),
  };
}

/** GET /v1/workforce/agents: every registered or active agent, costliest first. */
export async function workforceAgents(reader: Reader, tenant: string, w: ReportWindow, f: WorkforceFilter) {
  return filtered(await windowWorkloads(reader, tenant, w), f).sort(byCost).map(agentJson);
}
