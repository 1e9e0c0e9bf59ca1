-- recommend_cache_slots: per agent, task type, provider, request and response model, in how
-- many time slots of $slot_seconds one tenant's calls with at least $min_input input tokens fell
-- during a window. A prompt-cache entry lives about one slot, so each slot with calls pays (at
-- least) one cache write and the slot's other calls could read the cached prefix. Counting
-- distinct slots is the costly part, so only the agents and response models asked about count.
-- Parameters: $tenant, $start_us, $end_us (window [start, end) in epoch microseconds),
-- $slot_seconds, $min_input, $agents, $models (lists of names).
WITH ids AS (
  SELECT (SELECT id FROM dict WHERE value = $tenant) AS tenant_k
),
slots AS (
  SELECT
    c.agent_k, c.task_type_k, c.provider_k, c.request_model_k, c.response_model_k,
    count(DISTINCT epoch_us(c.start_time) // ($slot_seconds::BIGINT * 1000000)) AS slots
  FROM llm_calls_raw c, ids
  WHERE c.tenant_k = ids.tenant_k
    AND c.start_time >= make_timestamptz($start_us::BIGINT) AND c.start_time < make_timestamptz($end_us::BIGINT)
    AND c.input_tokens >= $min_input
    AND c.agent_k IN (SELECT id FROM dict WHERE list_contains($agents::VARCHAR[], value))
    AND c.response_model_k IN (SELECT id FROM dict WHERE list_contains($models::VARCHAR[], value))
  GROUP BY ALL
)
SELECT
  agent.value AS agent,
  coalesce(task_type.value, '') AS task_type,
  provider.value AS provider,
  request_model.value AS request_model,
  response_model.value AS response_model,
  s.slots
FROM slots s
JOIN dict agent ON agent.id = s.agent_k
JOIN dict provider ON provider.id = s.provider_k
JOIN dict request_model ON request_model.id = s.request_model_k
JOIN dict response_model ON response_model.id = s.response_model_k
LEFT JOIN dict task_type ON task_type.id = s.task_type_k
