-- fixup_targets: the run and run-agent keys the fix-ups being applied move records to (agent NULL
-- for a run), read after fixup_run_deltas.sql and fixup_deltas.sql and before the merge: the
-- exporter marks those it has never seen as new (new_runs, new_run_agents), so the merge inserts
-- them at once instead of leaving them for the full merge.
SELECT DISTINCT tenant, run_id, NULL AS agent FROM delta_calls WHERE sign = 1 AND new_run_id IS NOT NULL
UNION ALL
SELECT DISTINCT tenant, run_id, agent FROM delta_calls WHERE sign = 1 AND counts_in_spend;
