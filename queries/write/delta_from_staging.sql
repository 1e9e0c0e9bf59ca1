-- delta_from_staging: the roll-up contributions of the calls being stored.
INSERT INTO delta_calls
SELECT
  'insert', 1, tenant.value, s.run_id, agent.value, provider.value,
  coalesce(nullif(response_model.value, ''), request_model.value), category.value, coalesce(task_type.value, ''),
  s.start_time, s.end_time, status.value, status.value = 'error', s.is_retry, s.total_cost IS NULL,
  s.input_tokens, s.output_tokens, s.cache_read_tokens, s.cache_write_tokens, s.reasoning_tokens,
  coalesce(s.input_cost, 0), coalesce(s.output_cost, 0), coalesce(s.cache_read_cost, 0),
  coalesce(s.cache_write_cost, 0), coalesce(s.total_cost, 0)
FROM staging_calls s
JOIN dict tenant ON tenant.id = s.tenant_k
JOIN dict agent ON agent.id = s.agent_k
JOIN dict provider ON provider.id = s.provider_k
JOIN dict request_model ON request_model.id = s.request_model_k
JOIN dict response_model ON response_model.id = s.response_model_k
JOIN dict category ON category.id = s.category_k
JOIN dict status ON status.id = s.status_k
LEFT JOIN dict task_type ON task_type.id = s.task_type_k;
