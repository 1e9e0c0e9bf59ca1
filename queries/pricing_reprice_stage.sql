-- pricing_reprice_stage: copies each re-priced call (reprice_new) into reprice_staging with its
-- new costs, priced model and price source, every other column as stored, one window of row ids
-- at a time, before the re-pricing transaction begins (pricing_reprice_rewrite then appends the
-- staged rows to llm_calls_raw and pricing_reprice_remove_old deletes the old ones).
-- Why not an UPDATE: it keeps every changed value and its undo copy in memory until the commit
-- (a month of 3.3M calls at a 128MB pool: 127 s of thrashing, or out of memory). Why stage, not
-- join inside the transaction: rows a transaction appends reach the file as whole row groups
-- only within one statement (the rest waits in memory, or spills uncompressed, until the commit),
-- and one statement joining all of reprice_new needs the whole join in memory at once.
-- A row found at its row id only if it still holds the call read there (span id, start time):
-- a checkpoint that reclaims deleted rows (an earlier re-pricing's) renumbers the rows after
-- them, and a call staged short then stops the re-pricing with nothing changed.
-- Parameters: $1 from (inclusive), $2 to (exclusive), ISO 8601 timestamps (every re-priced call
-- started in the range); $3 first row id (inclusive), $4 last row id (exclusive).
INSERT INTO main.reprice_staging
SELECT c.* REPLACE (
  (n.input_cost * 0.000000001)::DECIMAL(18, 9) AS input_cost,
  (n.output_cost * 0.000000001)::DECIMAL(18, 9) AS output_cost,
  (n.cache_read_cost * 0.000000001)::DECIMAL(18, 9) AS cache_read_cost,
  (n.cache_write_cost * 0.000000001)::DECIMAL(18, 9) AS cache_write_cost,
  (n.reasoning_cost * 0.000000001)::DECIMAL(18, 9) AS reasoning_cost,
  (n.other_cost * 0.000000001)::DECIMAL(18, 9) AS other_cost,
  (n.total_cost * 0.000000001)::DECIMAL(18, 9) AS total_cost,
  n.priced_model_k AS priced_model_k,
  n.price_source_k AS price_source_k
)
FROM llm_calls_raw c
JOIN reprice_new n ON c.rowid = n.rid AND c.span_id = n.span_id AND epoch_us(c.start_time) = n.start_us
WHERE c.rowid >= $3::BIGINT AND c.rowid < $4::BIGINT AND n.rid >= $3::BIGINT AND n.rid < $4::BIGINT
  AND c.start_time >= $1::TIMESTAMPTZ AND c.start_time < $2::TIMESTAMPTZ;
