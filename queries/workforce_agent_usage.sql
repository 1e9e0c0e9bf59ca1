-- workforce_agent_usage: per UTC month and agent, what the agent spent (model calls and priced
-- tools, in nano-dollars), how many model calls it made (its invocations) and how many failed.
-- Reads usage_facts (queries/usage_facts.sql) and takes its parameters.
WITH per_month AS (
  SELECT
    date_trunc('month', timezone('UTC', bucket)) AS month,
    agent,
    sum(total_cost) AS cost,
    coalesce(sum(calls) FILTER (provider <> 'tool'), 0) AS invocations,
    coalesce(sum(error_calls) FILTER (provider <> 'tool'), 0) AS errors
  FROM usage_facts
  GROUP BY ALL
)
SELECT strftime(month, '%Y-%m') AS month, agent, (CAST(cost AS DECIMAL(38, 9)) * 1000000000)::BIGINT AS cost_nanos, invocations, errors
FROM per_month
ORDER BY month, agent
