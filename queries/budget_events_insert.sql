-- budget_events_insert: records that a threshold fired, before any alert about it is sent.
-- Parameters: $id, $tenant, $budget_id, $budget_name, $period_key, $threshold, $fired_at (ISO),
-- $spent_usd, $limit_usd (decimal text), $percent_used, $alert (JSON).
INSERT INTO budget_events VALUES (
  $id, $tenant, $budget_id, $budget_name, $period_key, $threshold, CAST($fired_at AS TIMESTAMPTZ),
  CAST($spent_usd AS DECIMAL(18, 9)), CAST($limit_usd AS DECIMAL(18, 9)), $percent_used, $alert
);
