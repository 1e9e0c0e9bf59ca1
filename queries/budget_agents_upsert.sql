-- budget_agents_upsert: creates or replaces an agent's registry entry (created_at is kept).
-- Parameters: $tenant, $name, $display_name, $department, $role, $monthly_budget_usd,
-- $human_equivalent_monthly_cost_usd (decimal text or NULL), $now (ISO 8601).
INSERT INTO agents VALUES (
  $tenant, $name, $display_name::VARCHAR, $department::VARCHAR, $role::VARCHAR,
  CAST($monthly_budget_usd AS DECIMAL(18, 9)), CAST($human_equivalent_monthly_cost_usd AS DECIMAL(18, 9)),
  CAST($now AS TIMESTAMPTZ), CAST($now AS TIMESTAMPTZ)
)
ON CONFLICT DO UPDATE SET
  display_name = excluded.display_name,
  department = excluded.department,
  role = excluded.role,
  monthly_budget_usd = excluded.monthly_budget_usd,
  human_equivalent_monthly_cost_usd = excluded.human_equivalent_monthly_cost_usd,
  updated_at = excluded.updated_at;
