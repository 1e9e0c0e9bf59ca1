-- rebuild_hourly_usage: hourly_usage from scratch over spend_facts (queries/bench/spend_facts.sql):
-- what the exporter's group commits add up to, in one aggregate (activity only when priced).
INSERT INTO hourly_usage
SELECT
  tenant, make_timestamptz((epoch_us(start_time) // 3600000000) * 3600000000), agent, provider, model, category, task_type,
  count(*), count(*) FILTER (is_error), count(*) FILTER (is_unpriced),
  sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
  sum(input_cost), sum(output_cost), sum(cache_read_cost), sum(cache_write_cost), sum(total_cost),
  coalesce(sum(total_cost) FILTER (is_retry), 0)
FROM spend_facts
WHERE is_call OR total_cost <> 0
GROUP BY ALL
