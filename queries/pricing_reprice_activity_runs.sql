-- pricing_reprice_activity_runs: adds the tool-call re-pricing deltas (reprice_activity_deltas)
-- to runs: total_cost (end to end) and its tools' part, tool_cost. tool_calls is unchanged: every
-- tool call counts there, priced or not. Parameters: none.
UPDATE runs r
SET
  total_cost = r.total_cost + d.total_cost,
  tool_cost = r.tool_cost + d.total_cost
FROM (
  SELECT tenant, run_id, sum(total_cost) AS total_cost
  FROM reprice_activity_deltas
  GROUP BY tenant, run_id
) d
WHERE r.tenant = d.tenant AND r.run_id = d.run_id;
