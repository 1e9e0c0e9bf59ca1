-- clear_new_run_keys: after a merge of the run deltas, the keys it was told are new go.
DELETE FROM new_runs;
DELETE FROM new_run_agents;
