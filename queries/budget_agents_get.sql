-- budget_agents_get: the registry entry of agent $name of tenant $tenant.
SELECT name, display_name, department, role,
  CAST(CAST(monthly_budget_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS monthly_budget_nanos,
  CAST(CAST(human_equivalent_monthly_cost_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS human_equivalent_nanos,
  epoch_ms(created_at) AS created_ms, epoch_ms(updated_at) AS updated_ms
FROM agents
WHERE tenant = $tenant AND name = $name;
