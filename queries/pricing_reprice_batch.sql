-- pricing_reprice_batch: one batch of reprice_rows, columns in the order the re-pricer reads
-- them (rows are stored in n order, so zone maps make each batch a short scan).
-- Parameters: $1 first n (exclusive), $2 last n (inclusive).
SELECT
  rid, g, start_us, end_us,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
  reasoning_tokens, input_audio_tokens, output_audio_tokens, input_image_tokens, output_image_tokens,
  attributes,
  input_cost, output_cost, cache_read_cost, cache_write_cost, reasoning_cost, other_cost, total_cost,
  priced_model_k, price_source_k
FROM reprice_rows
WHERE n > $1 AND n <= $2
ORDER BY n;
