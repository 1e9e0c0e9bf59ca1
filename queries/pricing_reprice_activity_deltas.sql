-- pricing_reprice_activity_deltas: for each re-priced tool call (reprice_activity_new), its
-- roll-up keys and the change it makes to the roll-ups, as the exporter counts priced activity
-- (src/exporters/duckdb/rollup-delta.ts, addActivity): only a priced tool call has a roll-up row
-- (provider 'tool', model = tool name, category 'tool'), counted in calls / error_calls and in
-- run_agents.calls, so a call priced for the first time adds 1 there and one no longer priced
-- takes 1 away; its cost goes to total_cost everywhere and to runs.tool_cost.
-- Parameters: none.
CREATE TEMP TABLE reprice_activity_deltas AS
SELECT
  a.tenant, a.run_id, a.agent, a.name AS model, coalesce(a.task_type, '') AS task_type, a.start_time,
  a.status = 'error' AS is_error,
  n.old_cost IS NOT NULL AS was_priced,
  (n.cost IS NOT NULL)::INTEGER - (n.old_cost IS NOT NULL)::INTEGER AS calls,
  ((coalesce(n.cost, 0) - coalesce(n.old_cost, 0))::BIGINT * 0.000000001)::DECIMAL(18, 9) AS total_cost
FROM reprice_activity_new n
JOIN activity a ON a.rowid = n.rid;
