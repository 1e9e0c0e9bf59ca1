-- usage_breakdown_by_call: spend in a window grouped by session or run ($group_by), most
-- expensive first, one page of groups. The roll-ups keep neither, so this reads the calls
-- themselves, filtered and grouped on their stored dictionary ids before any name is looked up
-- (fast over millions of calls). Priced activity counts as in usage_facts. Each row carries the
-- totals over all groups (grand_cost, group_count).
-- Parameters: $tenant, $start_us, $end_us, $agent, $provider, $model, $category, $task_type,
--   $session_id, $run_id (NULL matches any), $group_by (session | run), $limit, $offset.
WITH ids AS (
  SELECT
    (SELECT id FROM dict WHERE value = $tenant) AS tenant_k,
    (SELECT id FROM dict WHERE value = $agent) AS agent_k,
    (SELECT id FROM dict WHERE value = $provider) AS provider_k,
    (SELECT id FROM dict WHERE value = $model) AS model_k,
    (SELECT id FROM dict WHERE value = '') AS empty_k,
    (SELECT id FROM dict WHERE value = $category) AS category_k,
    (SELECT id FROM dict WHERE value = $task_type) AS task_type_k
),
calls AS (
  SELECT
    CASE WHEN $group_by = 'session' THEN c.session_id ELSE c.run_id END AS key,
    count(*) AS calls,
    count(*) FILTER (WHERE c.total_cost IS NULL) AS unpriced_calls,
    sum(c.input_tokens) AS input_tokens,
    sum(c.output_tokens) AS output_tokens,
    sum(c.cache_read_tokens) AS cache_read_tokens,
    coalesce(sum(c.input_cost), 0) AS input_cost,
    coalesce(sum(c.output_cost), 0) AS output_cost,
    coalesce(sum(c.cache_read_cost), 0) AS cache_read_cost,
    coalesce(sum(c.cache_write_cost), 0) AS cache_write_cost,
    coalesce(sum(c.total_cost), 0) AS cost
  FROM llm_calls_raw c, ids
  WHERE c.tenant_k = ids.tenant_k
    AND c.start_time >= make_timestamptz($start_us::BIGINT) AND c.start_time < make_timestamptz($end_us::BIGINT)
    AND ($agent IS NULL OR c.agent_k = ids.agent_k)
    AND ($provider IS NULL OR c.provider_k = ids.provider_k)
    AND ($model IS NULL OR c.response_model_k = ids.model_k OR (c.response_model_k = ids.empty_k AND c.request_model_k = ids.model_k))
    AND ($category IS NULL OR c.category_k = ids.category_k)
    AND ($task_type IS NULL OR c.task_type_k = ids.task_type_k OR ($task_type = '' AND c.task_type_k IS NULL))
    AND ($session_id IS NULL OR c.session_id = $session_id) AND ($run_id IS NULL OR c.run_id = $run_id)
  GROUP BY 1
),
tools AS (
  SELECT
    CASE WHEN $group_by = 'session' THEN a.session_id ELSE a.run_id END AS key,
    count(*), 0, 0, 0, 0, 0, 0, 0, 0, sum(a.cost)
  FROM activity a
  WHERE a.tenant = $tenant AND a.cost IS NOT NULL
    AND a.start_time >= make_timestamptz($start_us::BIGINT) AND a.start_time < make_timestamptz($end_us::BIGINT)
    AND ($agent IS NULL OR a.agent = $agent) AND ($provider IS NULL OR $provider = 'tool')
    AND ($model IS NULL OR a.name = $model)
    AND ($category IS NULL OR CASE WHEN a.event_type = 'cost' THEN coalesce(json_extract_string(a.attributes, '$."tokentally.category"'), 'tool') ELSE 'tool' END = $category)
    AND ($task_type IS NULL OR coalesce(a.task_type, '') = $task_type)
    AND ($session_id IS NULL OR a.session_id = $session_id) AND ($run_id IS NULL OR a.run_id = $run_id)
  GROUP BY 1
),
grouped AS (
  SELECT
    key, NULL::VARCHAR AS provider, sum(cost) AS cost, sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls,
    sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cache_read_tokens,
    sum(input_cost) AS input_cost, sum(output_cost) AS output_cost, sum(cache_read_cost) AS cache_read_cost,
    sum(cache_write_cost) AS cache_write_cost
  FROM (SELECT * FROM calls UNION ALL SELECT * FROM tools)
  GROUP BY key
)
SELECT *, sum(cost) OVER () AS grand_cost, count(*) OVER () AS group_count
FROM grouped
ORDER BY cost DESC, calls DESC, key NULLS LAST
LIMIT $limit OFFSET $offset
