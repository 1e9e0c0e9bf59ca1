import type { AgentProfile } from '../registry/agent-profile.js';
import type { BudgetDb, Row } from './db.js';
import { int, isoTime, optDecimal, optInt, optText, text } from './values.js';

function profileOf(tenant: string, r: Row): AgentProfile {
  return {
    tenant,
    name: text(r, 'name'),
    displayName: optText(r, 'display_name'),
    department: optText(r, 'department'),
    role: optText(r, 'role'),
    monthlyBudgetNanos: optInt(r, 'monthly_budget_nanos'),
    humanEquivalentMonthlyNanos: optInt(r, 'human_equivalent_nanos'),
    createdMs: int(r, 'created_ms'),
    updatedMs: int(r, 'updated_ms'),
  };
}

export type AgentFields = Omit<AgentProfile, 'tenant' | 'name' | 'createdMs' | 'updatedMs'>;

export async function upsertAgent(db: BudgetDb, tenant: string, name: string, f: AgentFields, nowMs: number): Promise<AgentProfile> {
  await db.write('budget_agents_upsert', {
    tenant,
    name,
    display_name: f.displayName,
    department: f.department,
    role: f.role,
    monthly_budget_usd: optDecimal(f.monthlyBudgetNanos),
    human_equivalent_monthly_cost_usd: optDecimal(f.humanEquivalentMonthlyNanos),
    now: isoTime(nowMs),
  });
  return (await getAgent(db, tenant, name))!;
}

export async function getAgent(db: BudgetDb, tenant: string, name: string): Promise<AgentProfile | undefined> {
  const row = (await db.rows('budget_agents_get', { tenant, name }))[0];
  return row && profileOf(tenant, row);
}

export async function listAgents(db: BudgetDb, tenant: string, department: string | null, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db.rows('budget_agents_list', { tenant, department, limit, offset }),
    db.rows('budget_agents_count', { tenant, department }),
  ]);
  return { data: rows.map((r) => profileOf(tenant, r)), total: int(count[0] ?? {}, 'total') };
}

export async function deleteAgent(db: BudgetDb, tenant: string, name: string): Promise<boolean> {
  return (await db.write('budget_agents_delete', { tenant, name })).length > 0;
}
