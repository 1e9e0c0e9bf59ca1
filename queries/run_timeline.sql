-- run_timeline: one run's model calls and activity (tool calls, agent invocations, errors,
-- explicit costs) in the order they started. kind is 'model_call' or the activity event_type.
-- Parameters: $tenant, $run_id, $start_us and $end_us (the run's first start and last end,
-- epoch µs: they let DuckDB skip every row group outside the run), $limit.
SELECT * FROM (
  SELECT
    'model_call' AS kind, c.start_time, c.end_time,
    printf('%016x%016x', c.trace_hi, c.trace_lo) AS trace_id,
    printf('%016x', c.span_id) AS span_id,
    CASE WHEN c.parent_span_id = 0 THEN NULL ELSE printf('%016x', c.parent_span_id) END AS parent_span_id,
    agent.value AS agent, operation.value AS name, provider.value AS provider,
    coalesce(nullif(response_model.value, ''), request_model.value) AS model, status.value AS status,
    c.input_tokens, c.output_tokens, c.cache_read_tokens, c.total_cost AS cost, c.attempt, c.is_retry,
    response_id_of(c.response_id, c.attributes) AS response_id
  FROM llm_calls_raw c
  JOIN dict agent ON agent.id = c.agent_k
  JOIN dict operation ON operation.id = c.operation_k
  JOIN dict provider ON provider.id = c.provider_k
  JOIN dict request_model ON request_model.id = c.request_model_k
  JOIN dict response_model ON response_model.id = c.response_model_k
  JOIN dict status ON status.id = c.status_k
  WHERE c.tenant_k = (SELECT id FROM dict WHERE value = $tenant) AND c.run_id = $run_id
    AND c.start_time >= make_timestamptz($start_us::BIGINT) AND c.start_time <= make_timestamptz($end_us::BIGINT)
  UNION ALL
  SELECT
    event_type, start_time, end_time, trace_id, span_id, parent_span_id, agent, name, NULL, NULL, status,
    NULL, NULL, NULL, cost, NULL, NULL, NULL
  FROM activity
  WHERE tenant = $tenant AND run_id = $run_id
    AND start_time >= make_timestamptz($start_us::BIGINT) AND start_time <= make_timestamptz($end_us::BIGINT)
)
ORDER BY start_time, span_id
LIMIT $limit
