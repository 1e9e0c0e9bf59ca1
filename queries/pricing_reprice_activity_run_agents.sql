-- pricing_reprice_activity_run_agents: adds the tool-call re-pricing deltas
-- (reprice_activity_deltas) to run_agents, where only priced tool calls count; a tool call priced
-- for the first time may start a row, as ingest would have (merged_seq: the latest merge's, so the
-- exporter's next merges find it; it reads the run keys again after re-pricing; start_time and
-- run_hash as merge_run_agents.sql sets them). Parameters: none.
MERGE INTO run_agents t
USING (
  SELECT tenant, run_id, agent, sum(calls) AS calls, sum(total_cost) AS total_cost, min(start_time) FILTER (WHERE calls > 0) AS start_time
  FROM reprice_activity_deltas
  GROUP BY tenant, run_id, agent
) s
ON t.tenant = s.tenant AND t.run_id = s.run_id AND t.agent = s.agent
WHEN MATCHED THEN UPDATE SET
    calls = t.calls + s.calls,
    total_cost = t.total_cost + s.total_cost,
    start_time = least(t.start_time, s.start_time)
WHEN NOT MATCHED AND s.start_time IS NOT NULL THEN
  INSERT VALUES (s.tenant, s.run_id, s.agent, s.calls, s.total_cost, 0, (SELECT seq FROM rollup_watermark), s.start_time, md5_number_lower(s.run_id));
