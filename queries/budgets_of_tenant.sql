-- budgets_of_tenant: a tenant's budgets (the budgets table of migration 003), for the budget
-- figures beside usage in /v1/summary and /v1/agents. Parameters: $tenant.
SELECT name, scope, target, period, limit_usd, timezone, parent
FROM budgets
WHERE tenant = $tenant
ORDER BY name
