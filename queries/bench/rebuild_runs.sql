-- rebuild_runs: runs from scratch over spend_facts: model-call totals, tool calls and tool cost,
-- total_cost end to end, the status of the run's last model call.
INSERT INTO runs
SELECT
  tenant, run_id, min(start_time), max(end_time),
  count(*) FILTER (is_call), count(*) FILTER (is_call AND is_error), count(*) FILTER (is_call AND is_retry),
  count(*) FILTER (is_unpriced), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
  sum(total_cost), coalesce(sum(total_cost) FILTER (is_retry), 0), coalesce(sum(total_cost) FILTER (is_call AND is_error), 0),
  count(*) FILTER (is_tool_call), coalesce(sum(total_cost) FILTER (NOT is_call), 0),
  coalesce(arg_max(status, end_time) FILTER (is_call), arg_max(status, end_time))
FROM spend_facts
GROUP BY tenant, run_id
