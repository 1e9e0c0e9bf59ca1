-- invoice_lines: a billing period's line items: spend per category, provider and model, with
-- calls and tokens; cost_nanos is the exact amount in nano-dollars, so line items add up to the
-- subtotal to the last digit. Calls no price covers are counted (unpriced_calls), never billed.
-- Reads usage_facts (queries/usage_facts.sql) and takes its parameters.
SELECT
  category, provider, model,
  sum(calls) AS calls,
  sum(unpriced_calls) AS unpriced_calls,
  sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens,
  sum(cache_read_tokens) AS cache_read_tokens,
  CAST(sum(total_cost) * 1000000000 AS BIGINT) AS cost_nanos
FROM usage_facts
GROUP BY category, provider, model
ORDER BY category, cost_nanos DESC, provider, model
