-- runs_list: one page of a tenant's pipeline runs, newest first or, with $by_cost, most expensive
-- first, with the agents each run involved (costliest first). runs_count.sql counts the matches
-- (a count over this query would make DuckDB hold every matching run instead of the page).
-- Parameters: $tenant, $start_us, $end_us (runs that started in [start, end), epoch µs),
--   $agent, $status (the run's last call status: ok | error | unset), $min_cost, $max_cost
--   (NULL matches any), $by_cost (true, or NULL for newest first), $limit, $offset.
-- A line ending in "only with $x" is left out when $x is NULL (src/analytics/named-sql.ts): the
-- agent filter, as a test DuckDB could not fold away, joined every run_agents row (~100 ms over
-- 5M), and a sort key chosen by CASE on a parameter kept DuckDB from its top-N shortcut (665 ms
-- against 7.5 for the newest page of 5M runs, measured here). The agent filter reads only agent
-- rows that started in the window or later: an agent starts no earlier than its run
-- (run_agents.start_time, migration 015).
WITH page AS (
  SELECT r.*
  FROM runs r
  WHERE r.tenant = $tenant
    AND r.start_time >= make_timestamptz($start_us::BIGINT) AND r.start_time < make_timestamptz($end_us::BIGINT)
    AND ($status IS NULL OR r.last_status = $status)
    AND ($min_cost IS NULL OR r.total_cost >= $min_cost)
    AND ($max_cost IS NULL OR r.total_cost <= $max_cost)
    AND r.run_id IN (SELECT a.run_id FROM run_agents a WHERE a.tenant = $tenant AND a.agent = $agent AND a.start_time >= make_timestamptz($start_us::BIGINT)) -- only with $agent
  ORDER BY
    r.total_cost DESC NULLS LAST, -- only with $by_cost
    r.start_time DESC, r.run_id
  LIMIT $limit OFFSET $offset
)
SELECT p.*, coalesce(a.agents, []) AS agents
FROM page p
LEFT JOIN (
  SELECT run_id, list(agent ORDER BY total_cost DESC, agent) AS agents
  FROM run_agents
  -- No agent row of a run was merged before the run was created (created_seq, migration 013), and
  -- no agent starts before its run (start_time, 015): the zone maps on either skip the row groups
  -- older than the page's runs. The start bound holds where created_seq is 0 (runs the full merge
  -- inserted, rows from before 013): the newest page over 5M such runs 181 -> 11 ms, measured here.
  WHERE tenant = $tenant AND merged_seq >= (SELECT min(created_seq) FROM page)
    AND start_time >= (SELECT min(start_time) FROM page) AND run_id IN (SELECT run_id FROM page)
  GROUP BY run_id
) a ON a.run_id = p.run_id
ORDER BY
  p.total_cost DESC NULLS LAST, -- only with $by_cost
  p.start_time DESC, p.run_id
