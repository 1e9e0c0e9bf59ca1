-- fixup_run_deltas: for fix-ups that move records to another run (a root span carrying the run id
-- arrived after its calls), the runs table's pending deltas, from the records' withdrawn
-- contributions in delta_calls: each is taken out of the run it is stored under and added to its
-- new run, in every column the exporter sums for runs (rollup-delta.ts: calls, errors, retries,
-- tokens, costs, tool calls). A withdrawal carries no times or status (NULL): a run's span and
-- last status are not taken back. The runs moved out of are noted in rollup_pending_runs_left; the next merge
-- drops those left with no records.
-- They carry the seq of the merge that applies them (rollup_watermark's, moved to the latest commit
-- before fix-ups run), which orders them after every delta of the records they move.
INSERT INTO rollup_pending_runs
WITH moved AS (
  SELECT
    tenant, run_id AS old_run, new_run_id AS new_run, start_time, end_time, status,
    (event_type IS NULL)::INTEGER AS calls,
    (event_type IS NULL AND is_error)::INTEGER AS error_calls,
    (event_type IS NULL AND is_retry)::INTEGER AS retry_calls,
    (event_type IS NULL AND is_unpriced)::INTEGER AS unpriced_calls,
    input_tokens, output_tokens, cache_read_tokens, total_cost,
    CASE WHEN event_type IS NULL AND is_retry THEN total_cost ELSE 0 END AS retry_cost,
    CASE WHEN event_type IS NULL AND is_error THEN total_cost ELSE 0 END AS failed_cost,
    (event_type IS NOT DISTINCT FROM 'tool_call')::INTEGER AS tool_calls,
    CASE WHEN event_type IS NOT NULL THEN total_cost ELSE 0 END AS tool_cost
  FROM delta_calls
  WHERE sign = -1 AND new_run_id IS NOT NULL AND new_run_id <> run_id
)
SELECT
  tenant, old_run, NULL, NULL,
  -sum(calls), -sum(error_calls), -sum(retry_calls), -sum(unpriced_calls),
  -sum(input_tokens), -sum(output_tokens), -sum(cache_read_tokens),
  -sum(total_cost), -sum(retry_cost), -sum(failed_cost), -sum(tool_calls), -sum(tool_cost),
  NULL, (SELECT seq FROM rollup_watermark)
FROM moved
GROUP BY tenant, old_run
UNION ALL
SELECT
  tenant, new_run, min(start_time), max(end_time),
  sum(calls), sum(error_calls), sum(retry_calls), sum(unpriced_calls),
  sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
  sum(total_cost), sum(retry_cost), sum(failed_cost), sum(tool_calls), sum(tool_cost),
  arg_max(status, end_time), (SELECT seq FROM rollup_watermark)
FROM moved
GROUP BY tenant, new_run;

INSERT INTO rollup_pending_runs_left
SELECT DISTINCT tenant, run_id FROM delta_calls WHERE sign = -1 AND new_run_id IS NOT NULL AND new_run_id <> run_id;
