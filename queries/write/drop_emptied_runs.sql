-- drop_emptied_runs: after a full merge ($seq), the runs and run-agent rows it changed that have
-- nothing left: withdrawals of fix-ups that moved records out of a run the quick merge did not find
-- wait for the full merge, after drop_empty_rollups.sql has run for them.
DELETE FROM run_agents WHERE merged_seq = $seq AND calls = 0;
DELETE FROM runs r
WHERE r.merged_seq = $seq AND r.calls = 0 AND r.tool_calls = 0
  AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.tenant = r.tenant AND a.run_id = r.run_id);
