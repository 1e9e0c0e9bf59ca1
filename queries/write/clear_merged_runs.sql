-- clear_merged_runs: after merge_runs.sql and merge_run_agents.sql, the pending run and run-agent
-- deltas they merged go: those of every key whose row the merge ($seq) changed or inserted. The
-- rest (runs older than the merge's cutoff, and withdrawals from runs not found) wait for the full
-- merge (clear_pending_runs.sql). Zone maps on merged_seq keep both scans to recent row groups.
DELETE FROM rollup_pending_runs p
USING runs t
WHERE t.merged_seq = $seq AND t.tenant = p.tenant AND t.run_id = p.run_id;
DELETE FROM rollup_pending_run_agents p
USING run_agents t
WHERE t.merged_seq = $seq AND t.tenant = p.tenant AND t.run_id = p.run_id AND t.agent = p.agent;
