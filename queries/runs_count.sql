-- runs_count: how many of a tenant's runs match the filters of runs_list.sql (the total of its
-- pagination). Same parameters, without $by_cost, $limit and $offset; the agent filter's line is
-- left out when $agent is NULL, as there.
SELECT count(*) AS run_count
FROM runs r
WHERE r.tenant = $tenant
  AND r.start_time >= make_timestamptz($start_us::BIGINT) AND r.start_time < make_timestamptz($end_us::BIGINT)
  AND ($status IS NULL OR r.last_status = $status)
  AND ($min_cost IS NULL OR r.total_cost >= $min_cost)
  AND ($max_cost IS NULL OR r.total_cost <= $max_cost)
  AND r.run_id IN (SELECT a.run_id FROM run_agents a WHERE a.tenant = $tenant AND a.agent = $agent AND a.start_time >= make_timestamptz($start_us::BIGINT)) -- only with $agent
