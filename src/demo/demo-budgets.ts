import { addDays, isoWeekday, localDate } from '../util/time.js';
import type { DemoPlan } from './plan.js';
import { walk } from './span-spec.js';

/** A budget as POST /v1/budgets takes it. */
export interface BudgetBody {
  name: string;
  scope: 'org' | 'agent';
  target?: string;
  period: 'daily' | 'weekly' | 'monthly';
  limit_usd: number;
  thresholds: number[];
  policy: 'soft' | 'hard';
  timezone: 'UTC';
}

const THRESHOLDS = [50, 80, 95, 100];

/**
 * Example budgets sized from the plan so that the dashboard shows different states: the org's
 * month in the warning band, the researcher's day with a hard stop a little above a typical day,
 * the writer's week comfortable.
 */
export function demoBudgets(plan: DemoPlan): BudgetBody[] {
  const spend = periodSpend(plan);
  const researcherDay = Math.max(spend.researcherToday / 0.96, median(spend.researcherLastWeek) * 1.2);
  return [
    { name: 'org-monthly', scope: 'org', period: 'monthly', limit_usd: roundUp(spend.month / 0.85), thresholds: THRESHOLDS, policy: 'soft', timezone: 'UTC' },
    { name: 'researcher-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: roundUp(researcherDay), thresholds: THRESHOLDS, policy: 'hard', timezone: 'UTC' },
    { name: 'writer-weekly', scope: 'agent', target: 'writer', period: 'weekly', limit_usd: roundUp(spend.writerWeek / 0.6), thresholds: THRESHOLDS, policy: 'soft', timezone: 'UTC' },
  ];
}

/** The support bot's monthly budget in the agent registry, sized like the budgets above. */
export function supportMonthlyBudgetUsd(plan: DemoPlan): number {
  return roundUp(periodSpend(plan).supportMonth / 0.7);
}

/** Dollars rounded up to two significant digits (41.23 -> 42, 0.372 -> 0.38); a dollar when nothing was spent. */
function roundUp(nanos: number): number {
  const usd = nanos / 1e9;
  if (usd <= 0) return 1;
  const step = 10 ** (Math.floor(Math.log10(usd)) - 1);
  return Number((Math.ceil(usd / step) * step).toPrecision(12));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Priced spend (model calls and paid tools, as budgets count it) per UTC period, in nano-dollars. */
function periodSpend(plan: DemoPlan) {
  const today = localDate(plan.options.nowMs, 'UTC');
  const month = today.slice(0, 7);
  const weekStart = addDays(today, 1 - isoWeekday(today));
  const lastWeek = new Map<string, number>(Array.from({ length: 7 }, (_, i) => [addDays(today, i - 7), 0]));
  const totals = { month: 0, researcherToday: 0, writerWeek: 0, supportMonth: 0 };
  for (const run of plan.runs) {
    for (const span of walk(run.root)) {
      if (span.costNanos === null) continue;
      const day = localDate(span.startMs, 'UTC');
      if (day.startsWith(month)) {
        totals.month += span.costNanos;
        if (span.agent === 'support-bot') totals.supportMonth += span.costNanos;
      }
      if (span.agent === 'researcher') {
        if (day === today) totals.researcherToday += span.costNanos;
        const before = lastWeek.get(day);
        if (before !== undefined) lastWeek.set(day, before + span.costNanos);
      }
      if (day >= weekStart && span.agent === 'writer') totals.writerWeek += span.costNanos;
    }
  }
  return { ...totals, researcherLastWeek: [...lastWeek.values()] };
}
