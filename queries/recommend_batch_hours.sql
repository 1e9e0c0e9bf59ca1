-- recommend_batch_hours: bursts of small calls, from the hourly roll-up: per agent, provider and
-- model (response model, else request model), the hours of a window in which the agent made at
-- least $min_calls calls to the model averaging at most $max_input input and $max_output output
-- tokens, with those hours' token sums and cost in nano-dollars: what a batch API would have
-- been sent. Priced tools (provider 'tool') are not model calls and are left out.
-- Parameters: $tenant, $start_us, $end_us (hours starting in [start, end), epoch microseconds),
-- $min_calls, $max_input, $max_output.
WITH hours AS (
  SELECT
    agent, provider, model, hour,
    sum(calls) AS calls,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(total_cost) AS cost
  FROM hourly_usage
  WHERE tenant = $tenant AND provider <> 'tool'
    AND hour >= make_timestamptz($start_us::BIGINT) AND hour < make_timestamptz($end_us::BIGINT)
  GROUP BY agent, provider, model, hour
  HAVING sum(calls) >= $min_calls
    AND sum(input_tokens) <= $max_input * sum(calls)
    AND sum(output_tokens) <= $max_output * sum(calls)
)
SELECT
  agent, provider, model,
  count(*) AS bursts,
  sum(calls) AS calls,
  sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens,
  sum(cache_read_tokens) AS cache_read_tokens,
  sum(cache_write_tokens) AS cache_write_tokens,
  sum(reasoning_tokens) AS reasoning_tokens,
  (CAST(sum(cost) AS DECIMAL(38, 9)) * 1000000000)::BIGINT AS cost_nanos
FROM hours
GROUP BY agent, provider, model
ORDER BY agent, provider, model
