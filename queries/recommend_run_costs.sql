-- recommend_run_costs: per agent, its cost per run (its share of each run, from the run_agents
-- roll-up) in a window split at $recent_us: the baseline is the median of the runs the agent
-- started working in before (run_agents.start_time, migration 015), the recent runs are measured
-- against it. Answers how many recent runs cost more than
-- $multiplier times the baseline median, what they cost and their excess over the median (all in
-- nano-dollars), with the five costliest of them.
-- Parameters: $tenant, $start_us, $recent_us, $end_us (epoch microseconds; baseline runs started
-- in [start, recent), recent ones in [recent, end)), $multiplier.
WITH per_run AS (
  SELECT agent, run_id, start_time, (CAST(total_cost AS DECIMAL(38, 9)) * 1000000000)::BIGINT AS cost_nanos
  FROM run_agents
  WHERE tenant = $tenant
    AND start_time >= make_timestamptz($start_us::BIGINT) AND start_time < make_timestamptz($end_us::BIGINT)
),
baseline AS (
  SELECT agent, count(*) AS baseline_runs, round(median(cost_nanos))::BIGINT AS baseline_median_nanos
  FROM per_run
  WHERE start_time < make_timestamptz($recent_us::BIGINT)
  GROUP BY agent
),
recent AS (
  SELECT p.*, b.baseline_runs, b.baseline_median_nanos,
    p.cost_nanos > $multiplier * b.baseline_median_nanos AS runaway
  FROM per_run p
  JOIN baseline b ON b.agent = p.agent
  WHERE p.start_time >= make_timestamptz($recent_us::BIGINT)
)
SELECT
  agent,
  any_value(baseline_runs) AS baseline_runs,
  any_value(baseline_median_nanos) AS baseline_median_nanos,
  count(*) AS recent_runs,
  sum(cost_nanos) AS recent_cost_nanos,
  round(median(cost_nanos))::BIGINT AS recent_median_nanos,
  count(*) FILTER (runaway) AS runaway_runs,
  coalesce(sum(cost_nanos) FILTER (runaway), 0) AS runaway_cost_nanos,
  coalesce(sum(cost_nanos - baseline_median_nanos) FILTER (runaway), 0) AS excess_nanos,
  (list({'run_id': run_id, 'start_time': start_time, 'cost_nanos': cost_nanos} ORDER BY cost_nanos DESC, run_id) FILTER (runaway))[1:5] AS top_runs
FROM recent
GROUP BY agent
HAVING count(*) FILTER (runaway) > 0
ORDER BY agent
