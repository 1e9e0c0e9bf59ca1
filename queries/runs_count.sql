-- runs_count: how many of a tenant's runs match the filters of runs_list.sql (the total of its
-- pagination). Same parameters, without $sort, $limit and $offset.
SELECT count(*) AS run_count
FROM runs r
WHERE r.tenant = $tenant
  AND r.start_time >= make_timestamptz($start_us::BIGINT) AND r.start_time < make_timestamptz($end_us::BIGINT)
  AND ($status IS NULL OR r.last_status = $status)
  AND ($min_cost IS NULL OR r.total_cost >= $min_cost)
  AND ($max_cost IS NULL OR r.total_cost <= $max_cost)
  AND ($agent IS NULL OR EXISTS (
    SELECT 1 FROM run_agents a WHERE a.tenant = r.tenant AND a.run_id = r.run_id AND a.agent = $agent))
