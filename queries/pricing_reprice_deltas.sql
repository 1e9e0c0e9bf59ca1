-- pricing_reprice_deltas: the re-priced calls' deltas (reprice_call_deltas) summed per roll-up
-- key and per hour, with the keys' names as the exporter builds them (RollupDelta in
-- src/exporters/duckdb/rollup-delta.ts; queries/write/recover_rollup_deltas.sql in SQL): what
-- the pricing_reprice_* roll-up updates add. start_time is the hour the calls started in (the
-- hourly and daily keys need no more). The re-pricer appends the per-call deltas while it prices,
-- so this never joins the calls themselves; names by list index, as the llm_calls view
-- (migration 009: a join to dict per name holds a hash table each). Parameters: none.
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
),
names AS (
  SELECT list(d.value ORDER BY r.i) AS v
  FROM range(0, (SELECT coalesce(max(id) + 1, 0) FROM dict)) AS r(i)
  LEFT JOIN dict d ON d.id = r.i
)
SELECT
  names.v[d.tenant_k + 1] AS tenant, d.run_id, names.v[d.agent_k + 1] AS agent, names.v[g.provider_k + 1] AS provider,
  coalesce(nullif(names.v[g.response_model_k + 1], ''), names.v[g.request_model_k + 1]) AS model,
  names.v[d.category_k + 1] AS category, coalesce(names.v[d.task_type_k + 1], '') AS task_type,
  make_timestamptz(d.hour_n * 3600000000) AS start_time, names.v[d.status_k + 1] = 'error' AS is_error, d.is_retry,
  d.unpriced::INTEGER AS unpriced,
  (d.input_cost * 0.000000001)::DECIMAL(18, 9) AS input_cost,
  (d.output_cost * 0.000000001)::DECIMAL(18, 9) AS output_cost,
  (d.cache_read_cost * 0.000000001)::DECIMAL(18, 9) AS cache_read_cost,
  (d.cache_write_cost * 0.000000001)::DECIMAL(18, 9) AS cache_write_cost,
  (d.total_cost * 0.000000001)::DECIMAL(18, 9) AS total_cost
FROM d
JOIN reprice_groups g ON g.g = d.g
CROSS JOIN names;
