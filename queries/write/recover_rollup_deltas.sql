-- recover_rollup_deltas: the roll-up deltas of the calls and activity stored past rollup_watermark,
-- added again to rollup_pending_* from the rows themselves, at start-up. The exporter keeps the
-- deltas of its latest commits in memory until it merges (about once a second under load); a
-- process that died in between left their rows but not their deltas. Sums exactly what
-- RollupDelta (src/exporters/duckdb/rollup-delta.ts) sums for the same records; only a run's
-- last_status between two of its records that ended in the same microsecond and commit may differ
-- (the exporter takes the later-received one, which the rows do not record).
-- A view, not a table: the three sums below scan the rows again rather than hold a copy (the
-- query bench's fill sends 10M calls through here); names by list index, as the llm_calls view.
CREATE OR REPLACE TEMP VIEW recovered_facts AS
WITH watermark AS (SELECT max(seq) AS seq FROM rollup_watermark),
names AS (
  SELECT list(d.value ORDER BY r.i) AS v
  FROM range(0, (SELECT coalesce(max(id) + 1, 0) FROM dict)) AS r(i)
  LEFT JOIN dict d ON d.id = r.i
)
SELECT
  names.v[c.tenant_k + 1] AS tenant, c.run_id, names.v[c.agent_k + 1] AS agent, names.v[c.provider_k + 1] AS provider,
  coalesce(nullif(names.v[c.response_model_k + 1], ''), names.v[c.request_model_k + 1]) AS model,
  names.v[c.category_k + 1] AS category, coalesce(names.v[c.task_type_k + 1], '') AS task_type,
  c.start_time, c.end_time, names.v[c.status_k + 1] AS status, c.commit_seq AS seq,
  true AS is_call, false AS is_tool_call, c.is_retry, c.total_cost IS NULL AS is_unpriced,
  c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens,
  c.input_cost, c.output_cost, c.cache_read_cost, c.cache_write_cost, c.total_cost
FROM llm_calls_raw c CROSS JOIN names
WHERE c.commit_seq > (SELECT seq FROM watermark)
UNION ALL
-- Activity is spend only when priced (provider 'tool', model = its name), and always part of its run.
SELECT
  tenant, run_id, agent, 'tool', name,
  CASE WHEN event_type = 'cost' THEN coalesce(nullif(json_extract_string(attributes, '$."tokentally.category"'), ''), 'tool') ELSE 'tool' END,
  coalesce(task_type, ''), start_time, end_time, status, commit_seq,
  false, event_type = 'tool_call', false, cost IS NULL,
  0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, cost
FROM activity
WHERE commit_seq > (SELECT seq FROM watermark);

INSERT INTO rollup_pending_hourly
SELECT
  tenant, make_timestamptz((epoch_us(start_time) // 3600000000) * 3600000000), agent, provider, model, category, task_type,
  count(*), count(*) FILTER (status = 'error'), count(*) FILTER (is_call AND is_unpriced),
  sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
  coalesce(sum(input_cost), 0), coalesce(sum(output_cost), 0), coalesce(sum(cache_read_cost), 0),
  coalesce(sum(cache_write_cost), 0), coalesce(sum(total_cost), 0), coalesce(sum(total_cost) FILTER (is_retry), 0)
FROM recovered_facts
WHERE is_call OR NOT is_unpriced
GROUP BY ALL;

INSERT INTO rollup_pending_runs
SELECT
  tenant, run_id, min(start_time), max(end_time),
  count(*) FILTER (is_call), count(*) FILTER (is_call AND status = 'error'), count(*) FILTER (is_call AND is_retry),
  count(*) FILTER (is_call AND is_unpriced), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
  coalesce(sum(total_cost), 0), coalesce(sum(total_cost) FILTER (is_call AND is_retry), 0),
  coalesce(sum(total_cost) FILTER (is_call AND status = 'error'), 0),
  count(*) FILTER (is_tool_call), coalesce(sum(total_cost) FILTER (NOT is_call), 0),
  arg_max(status, [epoch_us(end_time), seq]), max(seq)
FROM recovered_facts
GROUP BY tenant, run_id;

INSERT INTO rollup_pending_run_agents
SELECT tenant, run_id, agent, count(*), coalesce(sum(total_cost), 0), coalesce(sum(total_cost) FILTER (is_retry), 0), min(start_time)
FROM recovered_facts
WHERE is_call OR NOT is_unpriced
GROUP BY tenant, run_id, agent;

-- Every stored row is accounted for now (max over both tables: their statistics answer it).
UPDATE rollup_watermark SET seq = greatest(seq, (SELECT coalesce(max(commit_seq), 0) FROM llm_calls_raw), (SELECT coalesce(max(commit_seq), 0) FROM activity));

DROP VIEW recovered_facts;
