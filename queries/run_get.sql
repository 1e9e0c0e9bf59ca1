-- run_get: one run's totals (its row in runs). Parameters: $tenant, $run_id.
-- runs has no index: the hash (migration 015) makes the scan an integer comparison.
SELECT * EXCLUDE (run_hash) FROM runs
WHERE run_hash = md5_number_lower($run_id) AND tenant = $tenant AND run_id = $run_id
