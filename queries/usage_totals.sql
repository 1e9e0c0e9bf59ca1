-- usage_totals: the totals of a window: spend, operations, tokens, unpriced and error calls,
-- and how many agents, providers and models were used. One row. Operations include priced tool
-- activity (provider 'tool'), also counted apart as tool_calls / tool_cost.
-- Reads usage_facts (queries/usage_facts.sql) and takes its parameters.
SELECT
  coalesce(sum(total_cost), 0) AS total_cost,
  coalesce(sum(calls), 0) AS calls,
  coalesce(sum(error_calls), 0) AS error_calls,
  coalesce(sum(unpriced_calls), 0) AS unpriced_calls,
  coalesce(sum(input_tokens), 0) AS input_tokens,
  coalesce(sum(output_tokens), 0) AS output_tokens,
  coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,
  coalesce(sum(cache_write_tokens), 0) AS cache_write_tokens,
  coalesce(sum(reasoning_tokens), 0) AS reasoning_tokens,
  coalesce(sum(input_cost), 0) AS input_cost,
  coalesce(sum(output_cost), 0) AS output_cost,
  coalesce(sum(cache_read_cost), 0) AS cache_read_cost,
  coalesce(sum(cache_write_cost), 0) AS cache_write_cost,
  coalesce(sum(retry_cost), 0) AS retry_cost,
  coalesce(sum(calls) FILTER (WHERE provider = 'tool'), 0) AS tool_calls,
  coalesce(sum(total_cost) FILTER (WHERE provider = 'tool'), 0) AS tool_cost,
  count(DISTINCT agent) AS agents,
  count(DISTINCT provider) AS providers,
  count(DISTINCT model) AS models
FROM usage_facts
