-- pricing_reprice_batch: the calls to re-price (those of reprice_groups in the range, no explicit
-- cost) among one window of row ids, read straight from llm_calls_raw: the scan skips every row
-- group outside the window, so the re-pricer holds one window at a time however long the range.
-- Columns in the order the re-pricer reads them: costs as nano-dollars, counts and times as
-- DOUBLE (exact below 2^53) for a cheap read into JS.
-- Parameters: $1 from (inclusive), $2 to (exclusive), ISO 8601 timestamps; $3 first row id
-- (inclusive), $4 last row id (exclusive).
SELECT
  c.rowid AS rid,
  g.g,
  epoch_us(c.start_time)::DOUBLE AS start_us,
  epoch_us(c.end_time)::DOUBLE AS end_us,
  c.input_tokens::DOUBLE AS input_tokens,
  c.output_tokens::DOUBLE AS output_tokens,
  c.cache_read_tokens::DOUBLE AS cache_read_tokens,
  c.cache_write_tokens::DOUBLE AS cache_write_tokens,
  c.cache_write_1h_tokens::DOUBLE AS cache_write_1h_tokens,
  c.reasoning_tokens::DOUBLE AS reasoning_tokens,
  c.input_audio_tokens::DOUBLE AS input_audio_tokens,
  c.output_audio_tokens::DOUBLE AS output_audio_tokens,
  c.input_image_tokens::DOUBLE AS input_image_tokens,
  c.output_image_tokens::DOUBLE AS output_image_tokens,
  CASE WHEN g.needs_attributes THEN c.attributes END AS attributes,
  (c.input_cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS input_cost,
  (c.output_cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS output_cost,
  (c.cache_read_cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS cache_read_cost,
  (c.cache_write_cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS cache_write_cost,
  (c.reasoning_cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS reasoning_cost,
  (c.other_cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS other_cost,
  (c.total_cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS total_cost,
  c.priced_model_k,
  c.price_source_k,
  -- the roll-up keys of a changed call's deltas (reprice_call_deltas)
  c.tenant_k, c.agent_k, c.category_k, c.task_type_k, c.status_k, c.is_retry, c.run_id,
  (c.span_id >> 32)::UINTEGER AS span_high, (c.span_id & 4294967295)::UINTEGER AS span_low
FROM llm_calls_raw c
JOIN reprice_groups g
  ON g.provider_k = c.provider_k AND g.request_model_k = c.request_model_k
  AND g.response_model_k = c.response_model_k AND g.service_tier_k IS NOT DISTINCT FROM c.service_tier_k
WHERE c.rowid >= $3::BIGINT AND c.rowid < $4::BIGINT
  AND c.start_time >= $1::TIMESTAMPTZ AND c.start_time < $2::TIMESTAMPTZ
  AND c.price_source_k IS DISTINCT FROM (SELECT id FROM dict WHERE value = 'explicit')
ORDER BY c.rowid;
