-- run_cost_stats: per agent, what one run costs it: runs, average, percentiles (quantile_cont)
-- and maximum of the agent's cost per run, over runs that started in a window.
-- Parameters: $tenant, $start_us, $end_us (epoch µs), $agent (NULL = every agent).
WITH in_window AS (
  SELECT run_id FROM runs
  WHERE tenant = $tenant AND start_time >= make_timestamptz($start_us::BIGINT) AND start_time < make_timestamptz($end_us::BIGINT)
)
SELECT
  a.agent,
  count(*) AS runs,
  sum(a.total_cost) AS total_cost,
  avg(a.total_cost::DOUBLE) AS average_cost,
  quantile_cont(a.total_cost::DOUBLE, [0.5, 0.9, 0.95, 0.99]) AS percentiles,
  max(a.total_cost) AS max_cost
FROM run_agents a
SEMI JOIN in_window w ON a.run_id = w.run_id
WHERE a.tenant = $tenant AND ($agent IS NULL OR a.agent = $agent)
GROUP BY a.agent
ORDER BY total_cost DESC, a.agent
