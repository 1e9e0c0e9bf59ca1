-- run_cost_stats: per agent, what one run costs it: runs, average, percentiles (quantile_cont)
-- and maximum of the agent's cost per run, over the runs the agent started working in within a
-- window (run_agents.start_time, its first call in the run: no join with runs, which over millions
-- of runs cost seconds; migration 015).
-- Parameters: $tenant, $start_us, $end_us (epoch µs), $agent (NULL = every agent).
SELECT
  agent,
  count(*) AS runs,
  sum(total_cost) AS total_cost,
  avg(total_cost::DOUBLE) AS average_cost,
  quantile_cont(total_cost::DOUBLE, [0.5, 0.9, 0.95, 0.99]) AS percentiles,
  max(total_cost) AS max_cost
FROM run_agents
WHERE tenant = $tenant
  AND start_time >= make_timestamptz($start_us::BIGINT) AND start_time < make_timestamptz($end_us::BIGINT)
  AND agent = $agent -- only with $agent
GROUP BY agent
ORDER BY total_cost DESC, agent
