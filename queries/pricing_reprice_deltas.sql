-- pricing_reprice_deltas: for each re-priced call, its roll-up keys (as the exporter builds them:
-- queries/write/delta_from_staging.sql) and the change of each rolled-up cost and of its
-- unpriced count. Runs before the calls are updated. Parameters: none.
CREATE TEMP TABLE reprice_deltas AS
SELECT
  tenant.value AS tenant, c.run_id, agent.value AS agent, provider.value AS provider,
  coalesce(nullif(response_model.value, ''), request_model.value) AS model,
  category.value AS category, coalesce(task_type.value, '') AS task_type,
  c.start_time, status.value = 'error' AS is_error, c.is_retry,
  (n.total_cost IS NULL)::INTEGER - (r.total_cost IS NULL)::INTEGER AS unpriced,
  ((coalesce(n.input_cost, 0) - coalesce(r.input_cost, 0))::BIGINT * 0.000000001)::DECIMAL(18, 9) AS input_cost,
  ((coalesce(n.output_cost, 0) - coalesce(r.output_cost, 0))::BIGINT * 0.000000001)::DECIMAL(18, 9) AS output_cost,
  ((coalesce(n.cache_read_cost, 0) - coalesce(r.cache_read_cost, 0))::BIGINT * 0.000000001)::DECIMAL(18, 9) AS cache_read_cost,
  ((coalesce(n.cache_write_cost, 0) - coalesce(r.cache_write_cost, 0))::BIGINT * 0.000000001)::DECIMAL(18, 9) AS cache_write_cost,
  ((coalesce(n.total_cost, 0) - coalesce(r.total_cost, 0))::BIGINT * 0.000000001)::DECIMAL(18, 9) AS total_cost
FROM reprice_new n
JOIN reprice_rows r ON r.rid = n.rid
JOIN llm_calls_raw c ON c.rowid = n.rid
JOIN dict tenant ON tenant.id = c.tenant_k
JOIN dict agent ON agent.id = c.agent_k
JOIN dict provider ON provider.id = c.provider_k
JOIN dict request_model ON request_model.id = c.request_model_k
JOIN dict response_model ON response_model.id = c.response_model_k
JOIN dict category ON category.id = c.category_k
JOIN dict status ON status.id = c.status_k
LEFT JOIN dict task_type ON task_type.id = c.task_type_k;
