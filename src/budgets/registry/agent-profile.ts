import { nanosToUsd } from '../../util/money.js';

/** What the registry knows about an agent beyond its spans: who it is and what it replaces. */
export interface AgentProfile {
  tenant: string;
  name: string;
  displayName: string | null;
  department: string | null;
  role: string | null;
  monthlyBudgetNanos: number | null;
  /** What the same work would cost per month done by people; ROI reports compare against it. */
  humanEquivalentMonthlyNanos: number | null;
  createdMs: number;
  updatedMs: number;
}

const usd = (nanos: number | null) => (nanos === null ? null : nanosToUsd(nanos));

export function agentJson(a: AgentProfile) {
  return {
    name: a.name,
    display_name: a.displayName,
    department: a.department,
    role: a.role,
    monthly_budget_usd: usd(a.monthlyBudgetNanos),
    human_equivalent_monthly_cost_usd: usd(a.humanEquivalentMonthlyNanos),
    created_at: new Date(a.createdMs).toISOString(),
    updated_at: new Date(a.updatedMs).toISOString(),
  };
}
