-- workforce_agent_runs: per UTC month (of the run's start) and agent, the runs the agent took
-- part in and the tasks it completed: runs whose last call did not fail. Reads the run roll-ups.
-- Parameters: $tenant, $start_us, $end_us (runs started in [start, end), epoch microseconds).
WITH per_month AS (
  SELECT
    date_trunc('month', timezone('UTC', r.start_time)) AS month,
    a.agent,
    count(*) AS runs,
    count(*) FILTER (r.last_status <> 'error') AS tasks_completed
  FROM run_agents a
  JOIN runs r ON r.tenant = a.tenant AND r.run_id = a.run_id
  WHERE a.tenant = $tenant
    AND r.start_time >= make_timestamptz($start_us::BIGINT) AND r.start_time < make_timestamptz($end_us::BIGINT)
  GROUP BY ALL
)
SELECT strftime(month, '%Y-%m') AS month, agent, runs, tasks_completed
FROM per_month
ORDER BY month, agent
