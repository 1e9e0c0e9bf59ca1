-- metrics_usage: a tenant's all-time calls, errors, unpriced calls, cost and tokens per
-- provider, model and agent, for the counters of GET /metrics. Parameters: $tenant.
SELECT
  provider, model, agent,
  sum(calls) AS calls,
  sum(error_calls) AS error_calls,
  sum(unpriced_calls) AS unpriced_calls,
  sum(total_cost) AS total_cost,
  sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens,
  sum(cache_read_tokens) AS cache_read_tokens,
  sum(cache_write_tokens) AS cache_write_tokens
FROM daily_usage
WHERE tenant = $tenant
GROUP BY provider, model, agent
ORDER BY provider, model, agent
