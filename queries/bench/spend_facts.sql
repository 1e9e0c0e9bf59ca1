-- spend_facts: every stored model call and priced activity as one row of roll-up measures, the
-- way the DuckDB exporter counts them (priced activity is provider 'tool', model = its name).
-- The rebuild_* statements read it as the relation `spend_facts`. No parameters.
SELECT
  tenant.value AS tenant, c.run_id, agent.value AS agent, provider.value AS provider,
  coalesce(nullif(response_model.value, ''), request_model.value) AS model, category.value AS category,
  coalesce(task_type.value, '') AS task_type, c.start_time, c.end_time, status.value AS status,
  true AS is_call, status.value = 'error' AS is_error, c.is_retry, c.total_cost IS NULL AS is_unpriced,
  c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens,
  coalesce(c.input_cost, 0) AS input_cost, coalesce(c.output_cost, 0) AS output_cost,
  coalesce(c.cache_read_cost, 0) AS cache_read_cost, coalesce(c.cache_write_cost, 0) AS cache_write_cost,
  coalesce(c.total_cost, 0) AS total_cost, false AS is_tool_call
FROM llm_calls_raw c
JOIN dict tenant ON tenant.id = c.tenant_k
JOIN dict agent ON agent.id = c.agent_k
JOIN dict provider ON provider.id = c.provider_k
JOIN dict request_model ON request_model.id = c.request_model_k
JOIN dict response_model ON response_model.id = c.response_model_k
JOIN dict category ON category.id = c.category_k
JOIN dict status ON status.id = c.status_k
LEFT JOIN dict task_type ON task_type.id = c.task_type_k
UNION ALL
SELECT
  tenant, run_id, agent, 'tool', name, CASE WHEN event_type = 'cost' THEN coalesce(json_extract_string(attributes, '$."tokentally.category"'), 'tool') ELSE 'tool' END,
  coalesce(task_type, ''), start_time, end_time, status,
  false, status = 'error', false, false,
  0, 0, 0, 0, 0, 0, 0, 0, 0, coalesce(cost, 0), event_type = 'tool_call'
FROM activity
