-- agent_registry: a tenant's agent metadata (the agents table of migration 003): display name,
-- department, role and monthly budget. Parameters: $tenant.
SELECT name, display_name, department, role, monthly_budget_usd
FROM agents
WHERE tenant = $tenant
