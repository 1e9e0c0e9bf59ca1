-- export_calls: every stored model call of a tenant in a time window, with the filters applied,
-- as the public llm_calls columns. Unordered on purpose: rows stream in storage (commit) order,
-- where an ORDER BY would have to hold the whole window before the first row.
-- Parameters: $tenant, $start_us, $end_us (start_time in [start, end), epoch µs), $agent,
--   $provider, $model, $category, $task_type, $session_id, $run_id (NULL matches any).
SELECT *
FROM llm_calls
WHERE tenant = $tenant
  AND start_time >= make_timestamptz($start_us::BIGINT) AND start_time < make_timestamptz($end_us::BIGINT)
  AND ($agent IS NULL OR agent = $agent) AND ($provider IS NULL OR provider = $provider)
  AND ($model IS NULL OR coalesce(nullif(response_model, ''), request_model) = $model)
  AND ($category IS NULL OR category = $category)
  AND ($task_type IS NULL OR coalesce(task_type, '') = $task_type)
  AND ($session_id IS NULL OR session_id = $session_id) AND ($run_id IS NULL OR run_id = $run_id)
