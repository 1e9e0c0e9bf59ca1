-- budget_events_list: the alerts fired for a tenant, newest first, optionally for one budget.
-- Parameters: $tenant, $budget_id (NULL for all), $limit, $offset.
SELECT id, budget_id, budget_name, period_key, threshold, epoch_ms(fired_at) AS fired_ms,
  CAST(CAST(spent_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS spent_nanos,
  CAST(CAST(limit_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS limit_nanos,
  percent_used, alert
FROM budget_events
WHERE tenant = $tenant AND ($budget_id::VARCHAR IS NULL OR budget_id = $budget_id)
ORDER BY fired_at DESC, threshold DESC
LIMIT $limit OFFSET $offset;
