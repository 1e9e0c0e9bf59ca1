-- pricing_reprice_hourly: adds the re-pricing deltas (reprice_deltas) to hourly_usage, keyed as
-- queries/write/upsert_hourly_usage.sql keys it. Parameters: none.
UPDATE hourly_usage h
SET
  unpriced_calls = h.unpriced_calls + d.unpriced,
  input_cost = h.input_cost + d.input_cost,
  output_cost = h.output_cost + d.output_cost,
  cache_read_cost = h.cache_read_cost + d.cache_read_cost,
  cache_write_cost = h.cache_write_cost + d.cache_write_cost,
  total_cost = h.total_cost + d.total_cost,
  retry_cost = h.retry_cost + d.retry_cost
FROM (
  SELECT
    tenant, date_trunc('hour', start_time) AS hour, agent, provider, model, category, task_type,
    sum(unpriced) AS unpriced, sum(input_cost) AS input_cost, sum(output_cost) AS output_cost,
    sum(cache_read_cost) AS cache_read_cost, sum(cache_write_cost) AS cache_write_cost,
    sum(total_cost) AS total_cost, coalesce(sum(total_cost) FILTER (is_retry), 0) AS retry_cost
  FROM reprice_deltas
  GROUP BY ALL
) d
WHERE h.tenant = d.tenant AND h.hour = d.hour AND h.agent = d.agent AND h.provider = d.provider
  AND h.model = d.model AND h.category = d.category AND h.task_type = d.task_type;
