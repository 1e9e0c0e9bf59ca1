-- merge_hourly_usage: adds the pending roll-up deltas (rollup_pending_hourly), summed, to the hourly roll-up (UTC hours).
MERGE INTO hourly_usage t
USING (
  SELECT tenant, hour, agent, provider, model, category, task_type,
    sum(calls) AS calls,
    sum(error_calls) AS error_calls,
    sum(unpriced_calls) AS unpriced_calls,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cache_write_tokens) AS cache_write_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(input_cost) AS input_cost,
    sum(output_cost) AS output_cost,
    sum(cache_read_cost) AS cache_read_cost,
    sum(cache_write_cost) AS cache_write_cost,
    sum(total_cost) AS total_cost,
    sum(retry_cost) AS retry_cost
  FROM rollup_pending_hourly
  GROUP BY ALL
) s
ON t.tenant = s.tenant AND t.hour = s.hour AND t.agent = s.agent AND t.provider = s.provider AND t.model = s.model AND t.category = s.category AND t.task_type = s.task_type
WHEN MATCHED THEN UPDATE SET
    calls = t.calls + s.calls,
    error_calls = t.error_calls + s.error_calls,
    unpriced_calls = t.unpriced_calls + s.unpriced_calls,
    input_tokens = t.input_tokens + s.input_tokens,
    output_tokens = t.output_tokens + s.output_tokens,
    cache_read_tokens = t.cache_read_tokens + s.cache_read_tokens,
    cache_write_tokens = t.cache_write_tokens + s.cache_write_tokens,
    reasoning_tokens = t.reasoning_tokens + s.reasoning_tokens,
    input_cost = t.input_cost + s.input_cost,
    output_cost = t.output_cost + s.output_cost,
    cache_read_cost = t.cache_read_cost + s.cache_read_cost,
    cache_write_cost = t.cache_write_cost + s.cache_write_cost,
    total_cost = t.total_cost + s.total_cost,
    retry_cost = t.retry_cost + s.retry_cost
WHEN NOT MATCHED THEN INSERT VALUES (s.tenant, s.hour, s.agent, s.provider, s.model, s.category, s.task_type, s.calls, s.error_calls, s.unpriced_calls, s.input_tokens, s.output_tokens, s.cache_read_tokens, s.cache_write_tokens, s.reasoning_tokens, s.input_cost, s.output_cost, s.cache_read_cost, s.cache_write_cost, s.total_cost, s.retry_cost);
