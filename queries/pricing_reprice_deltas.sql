-- pricing_reprice_deltas: the re-priced calls' deltas (reprice_call_deltas) summed per roll-up
-- key and per hour, with the keys' names as the exporter builds them
-- (queries/write/delta_from_staging.sql): what the pricing_reprice_* roll-up updates add.
-- start_time is the hour the calls started in (the hourly and daily keys need no more).
-- The re-pricer appends the per-call deltas while it prices, so this never joins the calls
-- themselves. Parameters: none.
CREATE TEMP TABLE reprice_deltas AS
WITH d AS (
  SELECT
    g, tenant_k, agent_k, category_k, task_type_k, status_k, is_retry, run_id,
    start_us // 3600000000 AS hour_n,
    sum(unpriced) AS unpriced,
    sum(input_cost) AS input_cost, sum(output_cost) AS output_cost,
    sum(cache_read_cost) AS cache_read_cost, sum(cache_write_cost) AS cache_write_cost,
    sum(total_cost) AS total_cost
  FROM reprice_call_deltas
  GROUP BY ALL
)
SELECT
  tenant.value AS tenant, d.run_id, agent.value AS agent, provider.value AS provider,
  coalesce(nullif(response_model.value, ''), request_model.value) AS model,
  category.value AS category, coalesce(task_type.value, '') AS task_type,
  to_timestamp(d.hour_n * 3600) AS start_time, status.value = 'error' AS is_error, d.is_retry,
  d.unpriced::INTEGER AS unpriced,
  (d.input_cost * 0.000000001)::DECIMAL(18, 9) AS input_cost,
  (d.output_cost * 0.000000001)::DECIMAL(18, 9) AS output_cost,
  (d.cache_read_cost * 0.000000001)::DECIMAL(18, 9) AS cache_read_cost,
  (d.cache_write_cost * 0.000000001)::DECIMAL(18, 9) AS cache_write_cost,
  (d.total_cost * 0.000000001)::DECIMAL(18, 9) AS total_cost
FROM d
JOIN reprice_groups g ON g.g = d.g
JOIN dict tenant ON tenant.id = d.tenant_k
JOIN dict agent ON agent.id = d.agent_k
JOIN dict provider ON provider.id = g.provider_k
JOIN dict request_model ON request_model.id = g.request_model_k
JOIN dict response_model ON response_model.id = g.response_model_k
JOIN dict category ON category.id = d.category_k
JOIN dict status ON status.id = d.status_k
LEFT JOIN dict task_type ON task_type.id = d.task_type_k;
