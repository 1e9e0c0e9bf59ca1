-- activity_list: one page of a tenant's activity log (tool calls, agent invocations, errors,
-- explicit costs), newest first (activity_count.sql counts the matches: a count over the same
-- query would make DuckDB hold every matching row instead of the page).
-- Parameters: $tenant, $from_us, $to_us (start_time in [from, to), epoch µs), $agent,
--   $event_type (tool_call | agent_invocation | cost, or error: every event that failed),
--   $run_id, $session_id (NULL matches any), $limit, $offset.
SELECT *
FROM activity
WHERE tenant = $tenant
  AND start_time >= make_timestamptz($from_us::BIGINT) AND start_time < make_timestamptz($to_us::BIGINT)
  AND ($agent IS NULL OR agent = $agent)
  AND ($event_type IS NULL OR event_type = $event_type OR ($event_type = 'error' AND status = 'error'))
  AND ($run_id IS NULL OR run_id = $run_id)
  AND ($session_id IS NULL OR session_id = $session_id)
ORDER BY start_time DESC, span_id
LIMIT $limit OFFSET $offset
