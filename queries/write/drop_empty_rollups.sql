-- drop_empty_rollups: after fix-ups, roll-up rows whose records all moved away are removed: usage
-- and run-agent rows with no calls left, and runs that records were moved out of
-- (rollup_pending_runs_left)
-- with no call, tool call or other activity left.
DELETE FROM hourly_usage WHERE calls = 0;
DELETE FROM daily_usage WHERE calls = 0;
DELETE FROM run_agents WHERE calls = 0;
DELETE FROM runs r
USING (SELECT DISTINCT tenant, run_id FROM rollup_pending_runs_left) l
WHERE r.tenant = l.tenant AND r.run_id = l.run_id AND r.calls = 0 AND r.tool_calls = 0
  AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.tenant = r.tenant AND a.run_id = r.run_id);
DELETE FROM rollup_pending_runs_left;
