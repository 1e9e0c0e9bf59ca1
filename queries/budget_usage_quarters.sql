-- budget_usage_quarters: committed spend per tenant, quarter hour, agent, model and task type since
-- $since (ISO 8601), from the stored calls and priced activity (what hourly_usage sums, a quarter
-- hour at a time): the budget engine's recent spend, fine enough for days that start inside a UTC
-- hour (src/budgets/spend/usage-window.ts).
SELECT tenant, epoch_ms(start_time) // 900000 * 900000 AS quarter_ms, agent, model, task_type,
  CAST(CAST(sum(cost) AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS cost_nanos,
  count(*) AS calls, count(*) FILTER (WHERE unpriced) AS unpriced_calls
FROM (
  SELECT tenant, start_time, agent, coalesce(nullif(response_model, ''), request_model) AS model,
    coalesce(task_type, '') AS task_type, coalesce(total_cost, 0) AS cost, total_cost IS NULL AS unpriced
  FROM llm_calls
  WHERE start_time >= CAST($since AS TIMESTAMPTZ)
  UNION ALL
  SELECT tenant, start_time, agent, name, coalesce(task_type, ''), cost, false
  FROM activity
  WHERE cost IS NOT NULL AND start_time >= CAST($since AS TIMESTAMPTZ)
)
GROUP BY ALL;
