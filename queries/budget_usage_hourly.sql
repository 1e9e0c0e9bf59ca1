-- budget_usage_hourly: committed spend per tenant, hour, agent, model and task type from $since
-- until $until (ISO 8601): what the budget engine rebuilds its in-memory totals from at start-up
-- (the hours since $until come per quarter hour, from budget_usage_quarters).
SELECT tenant, epoch_ms(hour) AS hour_ms, agent, model, task_type,
  CAST(CAST(sum(total_cost) AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS cost_nanos,
  sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls
FROM hourly_usage
WHERE hour >= CAST($since AS TIMESTAMPTZ) AND hour < CAST($until AS TIMESTAMPTZ)
GROUP BY tenant, hour, agent, model, task_type;
