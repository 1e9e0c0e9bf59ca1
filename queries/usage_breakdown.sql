-- usage_breakdown: spend in a window grouped by one dimension ($group_by: model, provider,
-- agent, category or task_type; sessions and runs: usage_breakdown_by_call.sql), most
-- expensive first, one page of groups.
-- A group_by=model row is one (model, provider) pair. Each row carries the totals over all
-- groups (grand_cost, group_count) so one query answers both the page and its context.
-- Reads usage_facts (queries/usage_facts.sql) and takes its parameters, plus $group_by,
-- $limit and $offset.
WITH grouped AS (
  SELECT
    nullif(CASE $group_by
      WHEN 'model' THEN model
      WHEN 'provider' THEN provider
      WHEN 'agent' THEN agent
      WHEN 'category' THEN category
      WHEN 'task_type' THEN task_type
    END, '') AS key,
    CASE WHEN $group_by = 'model' THEN provider END AS provider,
    sum(total_cost) AS cost,
    sum(calls) AS calls,
    sum(unpriced_calls) AS unpriced_calls,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(input_cost) AS input_cost,
    sum(output_cost) AS output_cost,
    sum(cache_read_cost) AS cache_read_cost,
    sum(cache_write_cost) AS cache_write_cost
  FROM usage_facts
  GROUP BY 1, 2
)
SELECT *, sum(cost) OVER () AS grand_cost, count(*) OVER () AS group_count
FROM grouped
ORDER BY cost DESC, calls DESC, key NULLS LAST, provider
LIMIT $limit OFFSET $offset
