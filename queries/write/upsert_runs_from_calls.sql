-- upsert_runs_from_calls: adds newly stored calls to their runs (agent fix-ups do not change a run's totals).
INSERT INTO runs
SELECT
  tenant, run_id, min(start_time), max(end_time),
  count(*), count(*) FILTER (is_error), count(*) FILTER (is_retry), count(*) FILTER (is_unpriced),
  sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
  sum(total_cost),
  coalesce(sum(total_cost) FILTER (is_retry), 0),
  coalesce(sum(total_cost) FILTER (is_error), 0),
  0, 0,
  arg_max(status, end_time)
FROM delta_calls
WHERE kind = 'insert'
GROUP BY tenant, run_id
ON CONFLICT DO UPDATE SET
  last_status = CASE WHEN excluded.end_time >= end_time THEN excluded.last_status ELSE last_status END,
  start_time = least(start_time, excluded.start_time),
  end_time = greatest(end_time, excluded.end_time),
  calls = calls + excluded.calls,
  error_calls = error_calls + excluded.error_calls,
  retry_calls = retry_calls + excluded.retry_calls,
  unpriced_calls = unpriced_calls + excluded.unpriced_calls,
  input_tokens = input_tokens + excluded.input_tokens,
  output_tokens = output_tokens + excluded.output_tokens,
  cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
  total_cost = total_cost + excluded.total_cost,
  retry_cost = retry_cost + excluded.retry_cost,
  failed_cost = failed_cost + excluded.failed_cost;
