-- rebuild_daily_usage: daily_usage as the UTC-day sums of hourly_usage (run rebuild_hourly_usage first).
INSERT INTO daily_usage
SELECT
  tenant, timezone('UTC', hour)::DATE, agent, provider, model, category, task_type,
  sum(calls), sum(error_calls), sum(unpriced_calls), sum(input_tokens), sum(output_tokens),
  sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(input_cost),
  sum(output_cost), sum(cache_read_cost), sum(cache_write_cost), sum(total_cost), sum(retry_cost)
FROM hourly_usage
GROUP BY ALL
