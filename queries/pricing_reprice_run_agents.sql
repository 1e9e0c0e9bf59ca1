-- pricing_reprice_run_agents: adds the re-pricing deltas (reprice_deltas) to each run's per-agent
-- totals (as queries/write/upsert_run_agents.sql keys them). Parameters: none.
UPDATE run_agents r
SET
  total_cost = r.total_cost + d.total_cost,
  retry_cost = r.retry_cost + d.retry_cost
FROM (
  SELECT tenant, run_id, agent, sum(total_cost) AS total_cost, coalesce(sum(total_cost) FILTER (is_retry), 0) AS retry_cost
  FROM reprice_deltas
  GROUP BY tenant, run_id, agent
) d
WHERE r.tenant = d.tenant AND r.run_id = d.run_id AND r.agent = d.agent;
