-- budget_events_count: how many rows budget_events_list pages through. Parameters: $tenant, $budget_id.
SELECT count(*) AS total
FROM budget_events
WHERE tenant = $tenant AND ($budget_id::VARCHAR IS NULL OR budget_id = $budget_id);
