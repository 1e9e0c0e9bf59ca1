-- recommend_call_groups: what the recommendation rules read about one tenant's model calls in a
-- trailing window, per agent, task type, provider, request model, response model and service
-- tier: calls, failures, retries, every token count summed, the smallest and largest input, and
-- costs as integer nano-dollars (all, failed attempts, retries). Calls with an explicit cost
-- (tokentally.cost.usd) are left out: their tokens say nothing about what they cost.
-- Groups on dictionary ids over llm_calls_raw and joins the names last, so it stays one
-- hash aggregate at millions of calls.
-- Parameters: $tenant, $start_us, $end_us (window [start, end) in epoch microseconds).
WITH ids AS (
  SELECT
    (SELECT id FROM dict WHERE value = $tenant) AS tenant_k,
    (SELECT id FROM dict WHERE value = 'error') AS error_k,
    (SELECT id FROM dict WHERE value = 'explicit') AS explicit_k
),
groups AS (
  SELECT
    c.agent_k, c.task_type_k, c.provider_k, c.request_model_k, c.response_model_k, c.service_tier_k,
    count(*) AS calls,
    count(*) FILTER (c.status_k = ids.error_k) AS error_calls,
    count(*) FILTER (c.is_retry) AS retry_calls,
    sum(c.input_tokens) AS input_tokens,
    sum(c.output_tokens) AS output_tokens,
    sum(c.cache_read_tokens) AS cache_read_tokens,
    sum(c.cache_write_tokens) AS cache_write_tokens,
    sum(c.cache_write_1h_tokens) AS cache_write_1h_tokens,
    sum(c.reasoning_tokens) AS reasoning_tokens,
    sum(c.input_audio_tokens) AS input_audio_tokens,
    sum(c.output_audio_tokens) AS output_audio_tokens,
    sum(c.input_image_tokens) AS input_image_tokens,
    sum(c.output_image_tokens) AS output_image_tokens,
    min(c.input_tokens) AS min_input_tokens,
    max(c.input_tokens) AS max_input_tokens,
    (CAST(coalesce(sum(c.total_cost), 0) AS DECIMAL(38, 9)) * 1000000000)::BIGINT AS cost_nanos,
    (CAST(coalesce(sum(c.total_cost) FILTER (c.status_k = ids.error_k), 0) AS DECIMAL(38, 9)) * 1000000000)::BIGINT AS failed_cost_nanos,
    (CAST(coalesce(sum(c.total_cost) FILTER (c.is_retry), 0) AS DECIMAL(38, 9)) * 1000000000)::BIGINT AS retry_cost_nanos
  FROM llm_calls_raw c, ids
  WHERE c.tenant_k = ids.tenant_k
    AND c.start_time >= make_timestamptz($start_us::BIGINT) AND c.start_time < make_timestamptz($end_us::BIGINT)
    AND c.price_source_k IS DISTINCT FROM ids.explicit_k
  GROUP BY ALL
)
SELECT
  agent.value AS agent,
  coalesce(task_type.value, '') AS task_type,
  provider.value AS provider,
  request_model.value AS request_model,
  response_model.value AS response_model,
  service_tier.value AS service_tier,
  g.* EXCLUDE (agent_k, task_type_k, provider_k, request_model_k, response_model_k, service_tier_k)
FROM groups g
JOIN dict agent ON agent.id = g.agent_k
JOIN dict provider ON provider.id = g.provider_k
JOIN dict request_model ON request_model.id = g.request_model_k
JOIN dict response_model ON response_model.id = g.response_model_k
LEFT JOIN dict task_type ON task_type.id = g.task_type_k
LEFT JOIN dict service_tier ON service_tier.id = g.service_tier_k
ORDER BY agent, task_type, provider, request_model, response_model, service_tier
