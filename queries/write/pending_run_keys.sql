-- pending_run_keys: the keys of the run and run-agent deltas still pending (agent NULL for a run),
-- which the full merge is about to find or insert: the exporter adds them to its RunKeyFilter.
SELECT DISTINCT tenant, run_id, NULL AS agent FROM rollup_pending_runs
UNION ALL
SELECT DISTINCT tenant, run_id, agent FROM rollup_pending_run_agents;
