-- activity_count: how many events of a tenant's activity log match the filters of
-- activity_list.sql (the total of its pagination). Same parameters, without $limit and $offset.
SELECT count(*) AS event_count
FROM activity
WHERE tenant = $tenant
  AND start_time >= make_timestamptz($from_us::BIGINT) AND start_time < make_timestamptz($to_us::BIGINT)
  AND ($agent IS NULL OR agent = $agent)
  AND ($event_type IS NULL OR event_type = $event_type OR ($event_type = 'error' AND status = 'error'))
  AND ($run_id IS NULL OR run_id = $run_id)
  AND ($session_id IS NULL OR session_id = $session_id)
