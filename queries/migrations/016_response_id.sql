-- 016_response_id: a call's `gen_ai.response.id` gets a column of its own.
--
-- It was one key of the attributes JSON, and the only one unique to every call: with it out, the
-- JSON of a fleet's calls repeats (finish reasons, request parameters, server), so the processing
-- thread builds and hands over each distinct text once and the writer appends the same string
-- object again and again, which DuckDB stores as a repeated value (span-reader.ts, record-codec.ts;
-- measured in README, "The attributes JSON, repeated"). Users get the provider's id of the
-- response as a column, to find a call in the provider's own logs.
--
-- Calls stored before this migration keep the id inside their attributes (no rewrite of every
-- stored call, which an UPDATE would hold in memory): response_id_of reads it from there for
-- them, wherever a query shows a call's response id (this view, run_timeline.sql).
ALTER TABLE llm_calls_raw ADD COLUMN response_id VARCHAR;

CREATE OR REPLACE MACRO response_id_of(response_id, attributes) AS
  coalesce(response_id, json_extract_string(attributes, '$."gen_ai.response.id"'));

CREATE OR REPLACE VIEW llm_calls AS
WITH names AS (
  -- The dictionary as a list: entry id + 1 is the name of id (DuckDB lists are 1-based).
  SELECT list(d.value ORDER BY r.i) AS v
  FROM range(0, (SELECT coalesce(max(id) + 1, 0) FROM dict)) AS r(i)
  LEFT JOIN dict d ON d.id = r.i
)
SELECT
  printf('%016x%016x', c.trace_hi, c.trace_lo) AS trace_id,
  printf('%016x', c.span_id) AS span_id,
  CASE WHEN c.parent_span_id = 0 THEN NULL ELSE printf('%016x', c.parent_span_id) END AS parent_span_id,
  c.start_time,
  c.end_time,
  names.v[c.tenant_k + 1] AS tenant,
  c.run_id,
  names.v[c.agent_k + 1] AS agent,
  c.session_id,
  names.v[c.task_type_k + 1] AS task_type,
  names.v[c.service_k + 1] AS service_name,
  names.v[c.provider_k + 1] AS provider,
  names.v[c.request_model_k + 1] AS request_model,
  names.v[c.response_model_k + 1] AS response_model,
  names.v[c.priced_model_k + 1] AS priced_model,
  names.v[c.operation_k + 1] AS operation,
  names.v[c.category_k + 1] AS category,
  c.input_tokens,
  c.output_tokens,
  c.cache_read_tokens,
  c.cache_write_tokens,
  c.cache_write_1h_tokens,
  c.reasoning_tokens,
  c.input_audio_tokens,
  c.output_audio_tokens,
  c.input_image_tokens,
  c.output_image_tokens,
  c.input_cost,
  c.output_cost,
  c.cache_read_cost,
  c.cache_write_cost,
  c.reasoning_cost,
  c.other_cost,
  c.total_cost,
  names.v[c.price_source_k + 1] AS price_source,
  names.v[c.status_k + 1] AS status,
  names.v[c.error_type_k + 1] AS error_type,
  names.v[c.service_tier_k + 1] AS service_tier,
  c.attempt,
  c.is_retry,
  CASE WHEN c.request_hash IS NULL THEN NULL ELSE printf('%016x', c.request_hash) END AS request_hash,
  epoch_ms(c.end_time) - epoch_ms(c.start_time) AS duration_ms,
  response_id_of(c.response_id, c.attributes) AS response_id,
  c.attributes
FROM llm_calls_raw c
CROSS JOIN names;
