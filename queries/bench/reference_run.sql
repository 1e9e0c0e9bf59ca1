-- reference_run: one run's calls the plain way, from the public llm_calls view: the reference
-- beside GET /v1/runs/:run_id. Parameters: $tenant, $run_id.
SELECT * FROM llm_calls WHERE tenant = $tenant AND run_id = $run_id ORDER BY start_time
