import type { Reader } from '../../storage/reader.js';
import { addDays, localDate, startOfLocalDay } from '../../util/time.js';
import { isActive, loadFirstDays, loadMonthlyActivity } from './activity.js';
import { monthEnd } from './human-equivalent.js';
import { loadRegistry } from './registry.js';
import { activityByAgent, filtered, type WorkforceFilter } from './reports.js';
import { agentWorkloads, changePercent, sumWorkloads, workloadJson, type Workload } from './workload.js';

/** The last `n` UTC calendar months up to the one containing `nowMs`, oldest first (YYYY-MM). */
export function lastMonths(nowMs: number, n: number): string[] {
  const now = new Date(nowMs);
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1 - i), 1)).toISOString().slice(0, 7));
}

function costPerTask(w: Workload): number {
  return w.tasksCompleted === 0 ? 0 : w.costNanos / w.tasksCompleted;
}

/**
 * GET /v1/workforce/trends: per UTC calendar month (the current one to date), the workforce's
 * cost, human equivalent, savings, ROI, tasks and cost per task, with the change from the month
 * before. Answered from the roll-ups (one month more is read so the first month has a change).
 */
export async function workforceTrends(reader: Reader, tenant: string, months: number, nowMs: number, f: WorkforceFilter) {
  const today = localDate(nowMs, 'UTC');
  const list = lastMonths(nowMs, months + 1);
  const span = { startMs: Date.parse(`${list[0]}-01T00:00:00Z`), endMs: startOfLocalDay(addDays(today, 1), 'UTC') };
  const [registry, firstDays, monthly] = await Promise.all([loadRegistry(reader, tenant), loadFirstDays(reader, tenant), loadMonthlyActivity(reader, tenant, span)]);
  const totals = list.map((month) => {
    const last = monthEnd(month);
    const period = { startDate: `${month}-01`, endDate: last < today ? last : today };
    const activity = activityByAgent(monthly.filter((m) => m.month === month));
    const agents = filtered(agentWorkloads(period, { registry, firstDays, activity, latency: new Map() }), f).filter(isActive);
    return { month, period, agents: agents.length, total: sumWorkloads(agents) };
  });
  return totals.slice(1).map((m, i) => {
    const before = totals[i]!.total;
    const json = workloadJson(m.total);
    return {
      month: m.month,
      start_date: m.period.startDate,
      end_date: m.period.endDate,
      agents: m.agents,
      ...json,
      change_percent: {
        agent_cost: changePercent(m.total.costNanos, before.costNanos),
        savings: changePercent(m.total.humanNanos - m.total.comparedCostNanos, before.humanNanos - before.comparedCostNanos),
        tasks_completed: changePercent(m.total.tasksCompleted, before.tasksCompleted),
        cost_per_task: changePercent(costPerTask(m.total), costPerTask(before)),
      },
    };
  });
}
