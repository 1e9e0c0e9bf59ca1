-- pricing_reprice_remove_old: deletes the stored rows of the re-priced calls, which
-- pricing_reprice_rewrite then appends again with their new costs; one window of row ids at a
-- time. A row is deleted only if it still holds the call read there (span id, start time; see
-- pricing_reprice_stage), so a renumbering shows as a count short and rolls everything back.
-- Parameters: $1 from (inclusive), $2 to (exclusive), ISO 8601 timestamps; $3 first row id
-- (inclusive), $4 last row id (exclusive).
DELETE FROM llm_calls_raw c
USING reprice_new n
WHERE c.rowid = n.rid AND c.span_id = n.span_id AND epoch_us(c.start_time) = n.start_us
  AND c.rowid >= $3::BIGINT AND c.rowid < $4::BIGINT AND n.rid >= $3::BIGINT AND n.rid < $4::BIGINT
  AND c.start_time >= $1::TIMESTAMPTZ AND c.start_time < $2::TIMESTAMPTZ;
