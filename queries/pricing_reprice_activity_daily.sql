-- pricing_reprice_activity_daily: adds the tool-call re-pricing deltas (reprice_activity_deltas)
-- to daily_usage, days keyed as pricing_reprice_daily.sql keys them; a tool call priced for the
-- first time may start a row, as ingest would have.
-- Rows left with no call are removed afterwards (write/drop_empty_rollups.sql). Parameters: none.
MERGE INTO daily_usage t
USING (
  SELECT tenant, start_time::DATE AS day, agent, 'tool' AS provider, model, 'tool' AS category, task_type,
    sum(calls) AS calls, sum(CASE WHEN is_error THEN calls ELSE 0 END) AS error_calls, sum(total_cost) AS total_cost
  FROM reprice_activity_deltas
  GROUP BY ALL
) s
ON t.tenant = s.tenant AND t.day = s.day AND t.agent = s.agent AND t.provider = s.provider AND t.model = s.model AND t.category = s.category AND t.task_type = s.task_type
WHEN MATCHED THEN UPDATE SET
    calls = t.calls + s.calls,
    error_calls = t.error_calls + s.error_calls,
    total_cost = t.total_cost + s.total_cost
WHEN NOT MATCHED THEN INSERT VALUES (s.tenant, s.day, s.agent, s.provider, s.model, s.category, s.task_type, s.calls, s.error_calls, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, s.total_cost, 0);
