-- budget_agents_delete: removes agent $name of tenant $tenant from the registry; returns its name when it existed.
DELETE FROM agents WHERE tenant = $tenant AND name = $name RETURNING name;
