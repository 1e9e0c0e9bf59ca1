-- run_agents_of_run: each agent's calls, cost, retry cost and share of one run's cost (model calls
-- and priced tool activity, as run_agents keeps them).
-- Parameters: $tenant, $run_id, $created_seq (runs.created_seq: no agent row of the run was merged
-- before it, so the zone maps skip older row groups; 0 when unknown). run_hash: see run_get.sql.
SELECT
  agent, calls, total_cost, retry_cost,
  CASE WHEN sum(total_cost) OVER () = 0 THEN 0 ELSE total_cost / sum(total_cost) OVER () * 100 END AS share_pct
FROM run_agents
WHERE run_hash = md5_number_lower($run_id) AND tenant = $tenant AND run_id = $run_id AND merged_seq >= $created_seq::BIGINT
ORDER BY total_cost DESC, agent
