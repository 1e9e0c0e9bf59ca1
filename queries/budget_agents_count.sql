-- budget_agents_count: how many rows budget_agents_list pages through. Parameters: $tenant, $department.
SELECT count(*) AS total FROM agents
WHERE tenant = $tenant AND ($department::VARCHAR IS NULL OR department = $department);
