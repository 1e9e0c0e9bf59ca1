-- clear_pending_runs: after a full merge ($insert_old: every key found or inserted, withdrawals
-- from runs no longer there dropped), every pending run and run-agent delta goes.
DELETE FROM rollup_pending_runs;
DELETE FROM rollup_pending_run_agents;
