-- delta_to_new_lineage: the contributions delta_from_fixups and delta_from_activity_fixups withdrew
-- (sign -1), added back (sign +1) under each record's new agent and run (its old ones where the
-- fix-up leaves them). Read from delta_calls rather than from the tables again: each pass of
-- delta_from_fixups costs ~17 ms here however few rows it finds (a variant without its dictionary
-- joins was no faster), this one ~3 ms.
INSERT INTO delta_calls
SELECT
  1, d.tenant, coalesce(d.new_run_id, d.run_id), coalesce(agent.value, d.agent), d.provider, d.model, d.category, d.task_type,
  d.start_time, d.is_error, d.is_retry, d.is_unpriced,
  d.input_tokens, d.output_tokens, d.cache_read_tokens, d.cache_write_tokens, d.reasoning_tokens,
  d.input_cost, d.output_cost, d.cache_read_cost, d.cache_write_cost, d.total_cost,
  d.new_agent_k, d.new_run_id, d.end_time, d.status, d.event_type, d.counts_in_spend
FROM delta_calls d
LEFT JOIN dict agent ON agent.id = d.new_agent_k
WHERE d.sign = -1;
