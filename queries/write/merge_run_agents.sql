-- merge_run_agents: adds the pending per-run, per-agent deltas (rollup_pending_run_agents) to run_agents (fix-ups move cost between agents).
MERGE INTO run_agents t
USING (
  SELECT tenant, run_id, agent, sum(calls) AS calls, sum(total_cost) AS total_cost, sum(retry_cost) AS retry_cost
  FROM rollup_pending_run_agents
  GROUP BY ALL
) s
ON t.tenant = s.tenant AND t.run_id = s.run_id AND t.agent = s.agent
WHEN MATCHED THEN UPDATE SET
    calls = t.calls + s.calls,
    total_cost = t.total_cost + s.total_cost,
    retry_cost = t.retry_cost + s.retry_cost
WHEN NOT MATCHED THEN INSERT VALUES (s.tenant, s.run_id, s.agent, s.calls, s.total_cost, s.retry_cost);
