-- delta_from_fixups: the roll-up contributions of stored calls named in fixup_keys, under the
-- agent and run they are stored with, with sign -1 (delta_to_new_lineage adds them back under the
-- new ones, so the cost moves from the fallback agent to the real one, and from the trace id to
-- the run id, in every roll-up). Run before apply_fixups changes the stored row.
-- Parameters: $1, $2 the earliest and latest start_time in fixup_keys (zone maps then skip every
-- row group outside them: the join alone would read the whole table).
INSERT INTO delta_calls
SELECT
  -1, tenant.value, c.run_id, agent.value, provider.value,
  coalesce(nullif(response_model.value, ''), request_model.value), category.value, coalesce(task_type.value, ''),
  c.start_time, status.value = 'error', c.is_retry, c.total_cost IS NULL,
  c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens,
  coalesce(c.input_cost, 0), coalesce(c.output_cost, 0), coalesce(c.cache_read_cost, 0),
  coalesce(c.cache_write_cost, 0), coalesce(c.total_cost, 0),
  k.new_agent_k, k.new_run_id, c.end_time, status.value, NULL, true
FROM llm_calls_raw c
JOIN fixup_keys k ON k.trace_hi = c.trace_hi AND k.trace_lo = c.trace_lo AND k.span_id = c.span_id AND k.tenant_k = c.tenant_k
JOIN dict tenant ON tenant.id = c.tenant_k
JOIN dict agent ON agent.id = c.agent_k
JOIN dict provider ON provider.id = c.provider_k
JOIN dict request_model ON request_model.id = c.request_model_k
JOIN dict response_model ON response_model.id = c.response_model_k
JOIN dict category ON category.id = c.category_k
JOIN dict status ON status.id = c.status_k
LEFT JOIN dict task_type ON task_type.id = c.task_type_k
WHERE (k.new_agent_k IS NOT NULL OR k.new_run_id IS NOT NULL) AND c.start_time BETWEEN $1 AND $2;
