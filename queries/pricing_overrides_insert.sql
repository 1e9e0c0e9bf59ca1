-- pricing_overrides_insert: stores one price override.
-- Parameters: $1 id, $2 source, $3 provider, $4 model, $5 input_mtok, $6 output_mtok,
-- $7 cache_read_mtok, $8 cache_write_mtok, $9 per_call, $10 per_image, $11 per_second,
-- $12 per_page (USD or NULL), $13 effective_from, $14 effective_to (ISO 8601 or NULL), $15 note.
INSERT INTO pricing_overrides
  (id, source, provider, model, input_mtok, output_mtok, cache_read_mtok, cache_write_mtok,
   per_call, per_image, per_second, per_page, effective_from, effective_to, note)
VALUES
  ($1, $2, $3, $4, $5::DOUBLE, $6::DOUBLE, $7::DOUBLE, $8::DOUBLE,
   $9::DOUBLE, $10::DOUBLE, $11::DOUBLE, $12::DOUBLE, $13::TIMESTAMPTZ, $14::TIMESTAMPTZ, $15);
