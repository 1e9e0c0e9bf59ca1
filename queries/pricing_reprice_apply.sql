-- pricing_reprice_apply: writes the new costs, priced model and price source of the re-priced
-- calls (reprice_new) into llm_calls_raw. Parameters: none.
UPDATE llm_calls_raw
SET
  input_cost = (n.input_cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  output_cost = (n.output_cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  cache_read_cost = (n.cache_read_cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  cache_write_cost = (n.cache_write_cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  reasoning_cost = (n.reasoning_cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  other_cost = (n.other_cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  total_cost = (n.total_cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  priced_model_k = n.priced_model_k,
  price_source_k = n.price_source_k
FROM reprice_new n
WHERE llm_calls_raw.rowid = n.rid;
