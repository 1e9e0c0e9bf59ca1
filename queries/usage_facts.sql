-- usage_facts: one tenant's model calls in a time window, with the filters applied, as rows of
-- (bucket, agent, provider, model, category, task_type, session_id, run_id) and summed measures.
-- Every usage, breakdown, time-series, agent and invoice query reads it as the relation
-- `usage_facts`. It answers from the cheapest source that is exact for the request ($source):
--   'daily'  daily_usage: bucket = UTC day start; needs the window on UTC midnights;
--   'hourly' hourly_usage: bucket = UTC hour start; needs the window on whole hours;
--   'raw'    llm_calls_raw and priced activity: bucket = start; any window; the only source
--            with session and run.
-- Like the roll-ups (src/exporters/duckdb/rollup-delta.ts), the facts hold all spend: activity
-- with an explicit cost (priced tools, recorded costs) counts as one call of provider 'tool',
-- model = its name, category 'tool' (a recorded cost's own tokentally.category). Roll-ups have no session_id / run_id (NULL here). task_type is ''
-- when the call had none.
-- Parameters: $tenant, $source, $start_us, $end_us (window [start, end) in epoch microseconds),
--   $agent, $provider, $model, $category, $task_type, $session_id, $run_id (NULL matches any).
SELECT
  timezone('UTC', day::TIMESTAMP) AS bucket, agent, provider, model, category, task_type,
  NULL::VARCHAR AS session_id, NULL::VARCHAR AS run_id,
  calls, error_calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
  reasoning_tokens, input_cost, output_cost, cache_read_cost, cache_write_cost, total_cost, retry_cost
FROM daily_usage
WHERE $source = 'daily' AND tenant = $tenant
  AND day >= timezone('UTC', make_timestamptz($start_us::BIGINT))::DATE
  AND day < timezone('UTC', make_timestamptz($end_us::BIGINT))::DATE
  AND ($agent IS NULL OR agent = $agent) AND ($provider IS NULL OR provider = $provider)
  AND ($model IS NULL OR model = $model) AND ($category IS NULL OR category = $category)
  AND ($task_type IS NULL OR task_type = $task_type)
UNION ALL
SELECT
  hour, agent, provider, model, category, task_type,
  NULL, NULL,
  calls, error_calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
  reasoning_tokens, input_cost, output_cost, cache_read_cost, cache_write_cost, total_cost, retry_cost
FROM hourly_usage
WHERE $source = 'hourly' AND tenant = $tenant
  AND hour >= make_timestamptz($start_us::BIGINT) AND hour < make_timestamptz($end_us::BIGINT)
  AND ($agent IS NULL OR agent = $agent) AND ($provider IS NULL OR provider = $provider)
  AND ($model IS NULL OR model = $model) AND ($category IS NULL OR category = $category)
  AND ($task_type IS NULL OR task_type = $task_type)
UNION ALL
SELECT
  c.start_time, agent.value, provider.value, coalesce(nullif(response_model.value, ''), request_model.value),
  category.value, coalesce(task_type.value, ''),
  c.session_id, c.run_id,
  1, (status.value = 'error')::BIGINT, (c.total_cost IS NULL)::BIGINT, c.input_tokens, c.output_tokens,
  c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens,
  coalesce(c.input_cost, 0), coalesce(c.output_cost, 0), coalesce(c.cache_read_cost, 0),
  coalesce(c.cache_write_cost, 0), coalesce(c.total_cost, 0),
  CASE WHEN c.is_retry THEN coalesce(c.total_cost, 0) ELSE 0 END
FROM llm_calls_raw c
JOIN dict agent ON agent.id = c.agent_k
JOIN dict provider ON provider.id = c.provider_k
JOIN dict request_model ON request_model.id = c.request_model_k
JOIN dict response_model ON response_model.id = c.response_model_k
JOIN dict category ON category.id = c.category_k
JOIN dict status ON status.id = c.status_k
LEFT JOIN dict task_type ON task_type.id = c.task_type_k
WHERE $source = 'raw' AND c.tenant_k = (SELECT id FROM dict WHERE value = $tenant)
  AND c.start_time >= make_timestamptz($start_us::BIGINT) AND c.start_time < make_timestamptz($end_us::BIGINT)
  AND ($agent IS NULL OR agent.value = $agent) AND ($provider IS NULL OR provider.value = $provider)
  AND ($model IS NULL OR coalesce(nullif(response_model.value, ''), request_model.value) = $model)
  AND ($category IS NULL OR category.value = $category)
  AND ($task_type IS NULL OR coalesce(task_type.value, '') = $task_type)
  AND ($session_id IS NULL OR c.session_id = $session_id) AND ($run_id IS NULL OR c.run_id = $run_id)
UNION ALL
SELECT
  a.start_time, a.agent, 'tool', a.name,
  CASE WHEN a.event_type = 'cost' THEN coalesce(json_extract_string(a.attributes, '$."tokentally.category"'), 'tool') ELSE 'tool' END, coalesce(a.task_type, ''),
  a.session_id, a.run_id,
  1, (a.status = 'error')::BIGINT, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, a.cost, 0
FROM activity a
WHERE $source = 'raw' AND a.tenant = $tenant AND a.cost IS NOT NULL
  AND a.start_time >= make_timestamptz($start_us::BIGINT) AND a.start_time < make_timestamptz($end_us::BIGINT)
  AND ($agent IS NULL OR a.agent = $agent) AND ($provider IS NULL OR $provider = 'tool')
  AND ($model IS NULL OR a.name = $model)
  AND ($category IS NULL OR CASE WHEN a.event_type = 'cost' THEN coalesce(json_extract_string(a.attributes, '$."tokentally.category"'), 'tool') ELSE 'tool' END = $category)
  AND ($task_type IS NULL OR coalesce(a.task_type, '') = $task_type)
  AND ($session_id IS NULL OR a.session_id = $session_id) AND ($run_id IS NULL OR a.run_id = $run_id)
