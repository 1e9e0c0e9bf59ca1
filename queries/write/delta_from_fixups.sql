-- delta_from_fixups: the roll-up contributions of stored calls named in fixup_keys, under the
-- agent and run they are stored with, with sign -1 (delta_to_new_lineage adds them back under the
-- new ones, so the cost moves from the fallback agent to the real one, and from the trace id to
-- the run id, in every roll-up). Run before apply_fixups changes the stored row.
-- Parameters: $1, $2 the earliest and latest start_time in fixup_keys (zone maps then skip every
-- row group outside them: the join alone would read the whole table).
INSERT INTO delta_calls
WITH names AS (
  -- The dictionary as a list, as the llm_calls view reads it (migration 009): entry id + 1 is the
  -- name of id. With eight joins to `dict` this statement took 24–31 ms a commit under agent
  -- load while its operators took ~0 (EXPLAIN ANALYZE): the time went to planning the joins.
  SELECT list(d.value ORDER BY r.i) AS v
  FROM range(0, (SELECT coalesce(max(id) + 1, 0) FROM dict)) AS r(i)
  LEFT JOIN dict d ON d.id = r.i
)
SELECT
  -1, names.v[c.tenant_k + 1], c.run_id, names.v[c.agent_k + 1], names.v[c.provider_k + 1],
  coalesce(nullif(names.v[c.response_model_k + 1], ''), names.v[c.request_model_k + 1]), names.v[c.category_k + 1], coalesce(names.v[c.task_type_k + 1], ''),
  c.start_time, names.v[c.status_k + 1] = 'error', c.is_retry, c.total_cost IS NULL,
  c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens,
  coalesce(c.input_cost, 0), coalesce(c.output_cost, 0), coalesce(c.cache_read_cost, 0),
  coalesce(c.cache_write_cost, 0), coalesce(c.total_cost, 0),
  k.new_agent_k, k.new_run_id, c.end_time, names.v[c.status_k + 1], NULL, true
FROM llm_calls_raw c
JOIN fixup_keys k ON k.trace_hi = c.trace_hi AND k.trace_lo = c.trace_lo AND k.span_id = c.span_id AND k.tenant_k = c.tenant_k
CROSS JOIN names
WHERE (k.new_agent_k IS NOT NULL OR k.new_run_id IS NOT NULL) AND c.start_time BETWEEN $1 AND $2;
