-- budget_credits_ledger_count: how many rows budget_credits_ledger_list pages through. Parameters: $tenant, $agent.
SELECT count(*) AS total FROM credits_ledger WHERE tenant = $tenant AND agent = $agent;
