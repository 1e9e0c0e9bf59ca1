-- reference_totals: the totals of a window computed the plain way, from the public llm_calls
-- view with no roll-up: the reference the bench prints beside /v1/usage and /v1/summary.
-- Parameters: $tenant, $start_us, $end_us.
SELECT
  sum(total_cost) AS total_cost, count(*) AS calls, count(*) FILTER (WHERE total_cost IS NULL) AS unpriced_calls,
  sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cached_tokens
FROM llm_calls
WHERE tenant = $tenant AND start_time >= make_timestamptz($start_us::BIGINT) AND start_time < make_timestamptz($end_us::BIGINT)
