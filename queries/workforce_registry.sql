-- workforce_registry: a tenant's agent registry (the agents table of migration 003): display
-- name, department, role and human-equivalent monthly cost of each registered agent. Every column
-- is selected so the reader can tolerate the registry gaining columns. Parameters: $tenant.
SELECT *
FROM agents
WHERE tenant = $tenant
ORDER BY name
