import type { Reader } from '../storage/reader.js';
import { roundUsd } from '../util/money.js';
import { breakdown } from './breakdown.js';
import { budgetStatus, readAgentRegistry, readBudgets, type BudgetStatus, type RegisteredAgent } from './budget-status.js';
import { runNamed } from './named-sql.js';
import { ratio, str } from './row-values.js';
import { runCostStats } from './runs.js';
import { roundTo } from './stats.js';
import { agentTrends, type DayWindow } from './time-series.js';
import type { CallFilters } from './usage-scope.js';

const HOUR_MS = 3_600_000;
/** An agent that made a call within this long is active. */
const ACTIVE_WITHIN_MS = 24 * HOUR_MS;
const NEAR_BUDGET_PCT = 80;

export type AgentStatus = 'over_budget' | 'near_budget' | 'active' | 'idle';

export interface AgentsRequest {
  tenant: string;
  window: DayWindow;
  filters: CallFilters;
  nowMs: number;
  limit: number;
  offset: number;
}

/** The registry's monthly budget, as a budget in its own right, beside the agent-scope budgets. */
function registryBudget(agent: string, entry: RegisteredAgent | undefined) {
  if (!entry || entry.monthlyBudgetUsd === null || entry.monthlyBudgetUsd <= 0) return [];
  return [{ name: `agents.${agent}.monthly_budget_usd`, scope: 'agent', target: agent, period: 'monthly' as const, limitUsd: entry.monthlyBudgetUsd, timezone: 'UTC', parent: null }];
}

function agentStatus(budgets: readonly BudgetStatus[], lastActiveMs: number | null, nowMs: number): AgentStatus {
  const worst = Math.max(0, ...budgets.map((b) => b.utilisation_pct));
  if (worst >= 100) return 'over_budget';
  if (worst >= NEAR_BUDGET_PCT) return 'near_budget';
  // hourly_usage knows the hour, not the minute: the hour's end bounds the last call.
  return lastActiveMs !== null && nowMs - (lastActiveMs + HOUR_MS) < ACTIVE_WITHIN_MS ? 'active' : 'idle';
}

/** The fleet: per agent cost, executions, efficiency, trend, budgets and status, costliest first. */
export async function agentsOverview(reader: Reader, req: AgentsRequest) {
  const { tenant, window, filters, nowMs } = req;
  const [page, executions, trends, lastActive, budgets, registry] = await Promise.all([
    breakdown(reader, { tenant, window, filters, groupBy: 'agent', limit: req.limit, offset: req.offset }),
    runCostStats(reader, tenant, window, filters.agent),
    agentTrends(reader, { tenant, window, filters }),
    runNamed(reader, 'agents_last_active', { tenant }),
    readBudgets(reader, tenant),
    readAgentRegistry(reader, tenant),
  ]);
  const executionsOf = new Map(executions.map((e) => [e.agent, e]));
  const lastActiveOf = new Map(lastActive.map((r) => [str(r, 'agent'), str(r, 'last_active_hour')]));

  const rows = await Promise.all(
    page.rows.map(async (row) => {
      const agent = row.key ?? '';
      const registered = registry?.get(agent);
      const own = [...(budgets ?? []).filter((b) => b.scope === 'agent' && b.target === agent), ...registryBudget(agent, registered)];
      const statuses = await Promise.all(own.map((b) => budgetStatus(reader, tenant, b, nowMs)));
      const runs = executionsOf.get(agent);
      const lastHour = lastActiveOf.get(agent) ?? null;
      return {
        agent,
        display_name: registered?.displayName ?? null,
        department: registered?.department ?? null,
        role: registered?.role ?? null,
        cost: row.cost,
        calls: row.calls,
        percent_of_total: row.percent_of_total,
        total_tokens: row.total_tokens,
        input_tokens: row.input_tokens,
        output_tokens: row.output_tokens,
        cached_tokens: row.cached_tokens,
        unpriced_calls: row.unpriced_calls,
        average_cost_per_call: row.average_cost_per_call,
        executions: runs?.runs ?? 0,
        average_cost_per_execution: runs?.average_cost ?? 0,
        token_efficiency: {
          output_tokens_per_usd: roundTo(ratio(row.output_tokens, row.cost), 2),
          cost_per_1k_tokens: roundUsd(ratio(row.cost, row.total_tokens) * 1000),
          output_input_ratio: roundTo(ratio(row.output_tokens, row.input_tokens), 4),
          cache_hit_rate: roundTo(ratio(row.cached_tokens, row.input_tokens), 4),
        },
        trend: trends.get(agent) ?? null,
        budgets: budgets === null && registry === null ? null : statuses,
        budget_utilisation_pct: statuses.length === 0 ? null : Math.max(...statuses.map((s) => s.utilisation_pct)),
        last_active_hour: lastHour,
        status: agentStatus(statuses, lastHour === null ? null : Date.parse(lastHour), nowMs),
      };
    }),
  );
  return { rows, total: page.groups, totalCost: page.totalCost };
}
