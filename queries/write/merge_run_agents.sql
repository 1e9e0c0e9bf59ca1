-- merge_run_agents: adds the pending per-run, per-agent deltas (rollup_pending_run_agents; fix-ups
-- move cost between agents), summed, to run_agents, looking for rows, inserting new keys (listed in
-- new_run_agents) and leaving the rest pending as merge_runs.sql does ($cutoff, $seq, $insert_old).
-- start_time is the agent's first call in the run (migration 015); withdrawals carry none, and a
-- key only withdrawals name is not created (as merge_runs.sql does for runs).
MERGE INTO run_agents t
USING (
  SELECT p.*, n.run_id IS NOT NULL AS is_new
  FROM (
    SELECT tenant, run_id, agent, sum(calls) AS calls, sum(total_cost) AS total_cost, sum(retry_cost) AS retry_cost, min(start_time) AS start_time
    FROM rollup_pending_run_agents
    GROUP BY ALL
  ) p
  LEFT JOIN new_run_agents n USING (tenant, run_id, agent)
) s
ON t.tenant = s.tenant AND t.run_id = s.run_id AND t.agent = s.agent AND t.merged_seq >= $cutoff
WHEN MATCHED THEN UPDATE SET
    calls = t.calls + s.calls,
    total_cost = t.total_cost + s.total_cost,
    retry_cost = t.retry_cost + s.retry_cost,
    merged_seq = $seq,
    start_time = least(t.start_time, s.start_time)
WHEN NOT MATCHED AND s.start_time IS NOT NULL AND (s.is_new OR $insert_old) THEN
  INSERT VALUES (s.tenant, s.run_id, s.agent, s.calls, s.total_cost, s.retry_cost, $seq, s.start_time, md5_number_lower(s.run_id));
