-- run_get: one run's totals (its row in runs). Parameters: $tenant, $run_id.
SELECT * FROM runs WHERE tenant = $tenant AND run_id = $run_id
