-- budget_usage_run_agents: each agent's share of the runs active since $since (ISO 8601), each
-- tenant's $max_runs most recent at most (as budget_usage_runs.sql), with its unpriced calls
-- (counted from llm_calls, only for runs that have any).
WITH recent AS (
  SELECT tenant, run_id, start_time, unpriced_calls FROM runs WHERE end_time >= CAST($since AS TIMESTAMPTZ)
  QUALIFY row_number() OVER (PARTITION BY tenant ORDER BY end_time DESC) <= $max_runs
),
unpriced AS (
  SELECT c.tenant, c.run_id, c.agent, count(*) AS unpriced_calls
  FROM llm_calls c
  JOIN recent r ON r.tenant = c.tenant AND r.run_id = c.run_id AND r.unpriced_calls > 0
  WHERE c.total_cost IS NULL
    AND c.start_time >= (SELECT min(start_time) FROM recent WHERE unpriced_calls > 0)
  GROUP BY c.tenant, c.run_id, c.agent
)
SELECT ra.tenant, ra.run_id, ra.agent, ra.calls,
  CAST(CAST(ra.total_cost AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS cost_nanos,
  coalesce(u.unpriced_calls, 0) AS unpriced_calls
FROM run_agents ra
JOIN recent r ON r.tenant = ra.tenant AND r.run_id = ra.run_id
LEFT JOIN unpriced u ON u.tenant = ra.tenant AND u.run_id = ra.run_id AND u.agent = ra.agent;
