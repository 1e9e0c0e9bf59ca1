-- budget_usage_runs: per-run totals of the runs active since $since (ISO 8601), for per-run budgets:
-- each tenant's $max_runs most recently active at most (what the budget engine holds in memory),
-- least recent first.
SELECT tenant, run_id, epoch_ms(start_time) AS start_ms, epoch_ms(end_time) AS end_ms,
  CAST(CAST(total_cost AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS cost_nanos,
  calls, unpriced_calls
FROM runs
WHERE end_time >= CAST($since AS TIMESTAMPTZ)
QUALIFY row_number() OVER (PARTITION BY tenant ORDER BY end_time DESC) <= $max_runs
ORDER BY end_time;
