-- budget_usage_hourly: committed spend per tenant, hour, agent, model and task type since $since
-- (ISO 8601): what the budget engine rebuilds its in-memory totals from at start-up.
SELECT tenant, epoch_ms(hour) AS hour_ms, agent, model, task_type,
  CAST(CAST(sum(total_cost) AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS cost_nanos,
  sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls
FROM hourly_usage
WHERE hour >= CAST($since AS TIMESTAMPTZ)
GROUP BY tenant, hour, agent, model, task_type;
