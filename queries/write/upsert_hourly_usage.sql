-- upsert_hourly_usage: adds delta_calls to the hourly roll-up (UTC hours).
INSERT INTO hourly_usage
SELECT
  tenant, date_trunc('hour', start_time), agent, provider, model, category, task_type,
  sum(sign), sum(sign * is_error::INTEGER), sum(sign * is_unpriced::INTEGER),
  sum(sign * input_tokens), sum(sign * output_tokens), sum(sign * cache_read_tokens),
  sum(sign * cache_write_tokens), sum(sign * reasoning_tokens),
  sum(sign * input_cost), sum(sign * output_cost), sum(sign * cache_read_cost),
  sum(sign * cache_write_cost), sum(sign * total_cost),
  sum(CASE WHEN is_retry THEN sign * total_cost ELSE 0 END)
FROM delta_calls
GROUP BY ALL
ON CONFLICT DO UPDATE SET
  calls = calls + excluded.calls,
  error_calls = error_calls + excluded.error_calls,
  unpriced_calls = unpriced_calls + excluded.unpriced_calls,
  input_tokens = input_tokens + excluded.input_tokens,
  output_tokens = output_tokens + excluded.output_tokens,
  cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
  reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
  input_cost = input_cost + excluded.input_cost,
  output_cost = output_cost + excluded.output_cost,
  cache_read_cost = cache_read_cost + excluded.cache_read_cost,
  cache_write_cost = cache_write_cost + excluded.cache_write_cost,
  total_cost = total_cost + excluded.total_cost,
  retry_cost = retry_cost + excluded.retry_cost;
