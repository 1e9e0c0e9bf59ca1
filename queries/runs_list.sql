-- runs_list: one page of a tenant's pipeline runs, newest first ($sort = 'newest') or most
-- expensive first ($sort = 'cost'), with the agents each run involved (costliest first).
-- runs_count.sql counts the matches (a count over this query would make DuckDB hold every
-- matching run instead of the page).
-- Parameters: $tenant, $start_us, $end_us (runs that started in [start, end), epoch µs),
--   $agent, $status (the run's last call status: ok | error | unset), $min_cost, $max_cost
--   (NULL matches any), $sort, $limit, $offset.
WITH page AS (
  SELECT r.*
  FROM runs r
  WHERE r.tenant = $tenant
    AND r.start_time >= make_timestamptz($start_us::BIGINT) AND r.start_time < make_timestamptz($end_us::BIGINT)
    AND ($status IS NULL OR r.last_status = $status)
    AND ($min_cost IS NULL OR r.total_cost >= $min_cost)
    AND ($max_cost IS NULL OR r.total_cost <= $max_cost)
    AND ($agent IS NULL OR EXISTS (
      SELECT 1 FROM run_agents a WHERE a.tenant = r.tenant AND a.run_id = r.run_id AND a.agent = $agent))
  ORDER BY CASE WHEN $sort = 'cost' THEN r.total_cost END DESC NULLS LAST, r.start_time DESC, r.run_id
  LIMIT $limit OFFSET $offset
)
SELECT p.*, coalesce(a.agents, []) AS agents
FROM page p
LEFT JOIN (
  SELECT run_id, list(agent ORDER BY total_cost DESC, agent) AS agents
  FROM run_agents
  WHERE tenant = $tenant AND run_id IN (SELECT run_id FROM page)
  GROUP BY run_id
) a ON a.run_id = p.run_id
ORDER BY CASE WHEN $sort = 'cost' THEN p.total_cost END DESC NULLS LAST, p.start_time DESC, p.run_id
