-- fixup_deltas: turns the signed contributions in delta_calls (fix-ups) into pending roll-up
-- deltas, which the same commit merges. Usage roll-ups are per agent: only fix-ups that change the
-- agent move anything there. The runs table's deltas come from fixup_run_deltas.sql.
INSERT INTO rollup_pending_hourly
SELECT
  tenant, date_trunc('hour', start_time), agent, provider, model, category, task_type,
  sum(sign), sum(sign * is_error::INTEGER), sum(sign * is_unpriced::INTEGER),
  sum(sign * input_tokens), sum(sign * output_tokens), sum(sign * cache_read_tokens),
  sum(sign * cache_write_tokens), sum(sign * reasoning_tokens),
  sum(sign * input_cost), sum(sign * output_cost), sum(sign * cache_read_cost),
  sum(sign * cache_write_cost), sum(sign * total_cost),
  sum(CASE WHEN is_retry THEN sign * total_cost ELSE 0 END)
FROM delta_calls
WHERE counts_in_spend AND new_agent_k IS NOT NULL
GROUP BY ALL;

-- A withdrawal says nothing of when the agent started: only additions carry a start_time.
INSERT INTO rollup_pending_run_agents
SELECT tenant, run_id, agent, sum(sign), sum(sign * total_cost), sum(CASE WHEN is_retry THEN sign * total_cost ELSE 0 END),
  min(start_time) FILTER (WHERE sign > 0)
FROM delta_calls
WHERE counts_in_spend
GROUP BY tenant, run_id, agent;
