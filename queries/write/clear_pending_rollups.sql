-- clear_pending_rollups: after merge_*.sql, in the same transaction, the merged deltas go.
DELETE FROM rollup_pending_hourly;
DELETE FROM rollup_pending_runs;
DELETE FROM rollup_pending_run_agents;
