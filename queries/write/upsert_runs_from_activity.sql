-- upsert_runs_from_activity: adds newly stored tool calls and their explicit costs to their runs.
-- A run's total_cost is end to end: model calls plus tool costs (tool_cost is the tools' part).
INSERT INTO runs
SELECT
  tenant, run_id, min(start_time), max(end_time),
  0, 0, 0, 0, 0, 0, 0,
  coalesce(sum(cost), 0), 0, 0,
  count(*) FILTER (event_type = 'tool_call'),
  coalesce(sum(cost), 0),
  arg_max(status, end_time)
FROM staging_activity
GROUP BY tenant, run_id
ON CONFLICT DO UPDATE SET
  start_time = least(start_time, excluded.start_time),
  end_time = greatest(end_time, excluded.end_time),
  tool_calls = tool_calls + excluded.tool_calls,
  total_cost = total_cost + excluded.tool_cost,
  tool_cost = tool_cost + excluded.tool_cost;
