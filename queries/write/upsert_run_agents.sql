-- upsert_run_agents: adds delta_calls to each run's per-agent totals; fix-ups move cost between agents.
INSERT INTO run_agents
SELECT tenant, run_id, agent, sum(sign), sum(sign * total_cost), sum(CASE WHEN is_retry THEN sign * total_cost ELSE 0 END)
FROM delta_calls
GROUP BY tenant, run_id, agent
ON CONFLICT DO UPDATE SET
  calls = calls + excluded.calls,
  total_cost = total_cost + excluded.total_cost,
  retry_cost = retry_cost + excluded.retry_cost;
