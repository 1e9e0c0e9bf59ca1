-- recommend_repeated_requests: identical requests one tenant's agents sent more than once in a
-- window, recognised by the request hash the instrumentation records (never the prompt text),
-- per agent, provider, request and response model: how many distinct requests repeated, how
-- many calls were repeats, and what the repeats cost (every call of a request after its first,
-- in nano-dollars), with the three costliest repeated requests. Failed calls and retries are
-- left out: a retry repeats its failure's hash by design, and the retry-waste rule counts them.
-- Parameters: $tenant, $start_us, $end_us (window [start, end) in epoch microseconds).
WITH ids AS (
  SELECT
    (SELECT id FROM dict WHERE value = $tenant) AS tenant_k,
    (SELECT id FROM dict WHERE value = 'error') AS error_k
),
per_request AS (
  SELECT
    c.agent_k, c.provider_k, c.request_model_k, c.response_model_k, c.request_hash,
    count(*) AS calls,
    sum(c.total_cost) - arg_min(c.total_cost, c.start_time) AS repeat_cost
  FROM llm_calls_raw c, ids
  WHERE c.tenant_k = ids.tenant_k
    AND c.start_time >= make_timestamptz($start_us::BIGINT) AND c.start_time < make_timestamptz($end_us::BIGINT)
    AND c.request_hash IS NOT NULL AND c.total_cost IS NOT NULL
    AND NOT c.is_retry AND c.status_k IS DISTINCT FROM ids.error_k
  GROUP BY ALL
  HAVING count(*) > 1
),
per_model AS (
  SELECT
    agent_k, provider_k, request_model_k, response_model_k,
    count(*) AS repeated_requests,
    sum(calls - 1) AS repeated_calls,
    (CAST(sum(repeat_cost) AS DECIMAL(38, 9)) * 1000000000)::BIGINT AS repeat_cost_nanos,
    list({'request_hash': printf('%016x', request_hash), 'calls': calls, 'repeat_cost_nanos': (CAST(repeat_cost AS DECIMAL(38, 9)) * 1000000000)::BIGINT}
      ORDER BY repeat_cost DESC, request_hash)[1:3] AS top_requests
  FROM per_request
  GROUP BY ALL
)
SELECT
  agent.value AS agent,
  provider.value AS provider,
  request_model.value AS request_model,
  response_model.value AS response_model,
  p.repeated_requests, p.repeated_calls, p.repeat_cost_nanos, p.top_requests
FROM per_model p
JOIN dict agent ON agent.id = p.agent_k
JOIN dict provider ON provider.id = p.provider_k
JOIN dict request_model ON request_model.id = p.request_model_k
JOIN dict response_model ON response_model.id = p.response_model_k
