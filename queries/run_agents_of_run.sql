-- run_agents_of_run: each agent's calls, cost, retry cost and share of one run's cost (model calls
-- and priced tool activity, as run_agents keeps them).
-- Parameters: $tenant, $run_id.
SELECT
  agent, calls, total_cost, retry_cost,
  CASE WHEN sum(total_cost) OVER () = 0 THEN 0 ELSE total_cost / sum(total_cost) OVER () * 100 END AS share_pct
FROM run_agents
WHERE tenant = $tenant AND run_id = $run_id
ORDER BY total_cost DESC, agent
