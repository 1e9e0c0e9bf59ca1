-- pricing_reprice_remove_old: deletes the old rows of the calls pricing_reprice_rewrite has
-- appended again with their new costs (the appended rows have new row ids, which reprice_new
-- does not hold), one window of row ids at a time.
-- Parameters: $1 from (inclusive), $2 to (exclusive), ISO 8601 timestamps; $3 first row id
-- (inclusive), $4 last row id (exclusive).
DELETE FROM llm_calls_raw c
USING reprice_new n
WHERE c.rowid = n.rid
  AND c.rowid >= $3::BIGINT AND c.rowid < $4::BIGINT AND n.rid >= $3::BIGINT AND n.rid < $4::BIGINT
  AND c.start_time >= $1::TIMESTAMPTZ AND c.start_time < $2::TIMESTAMPTZ;
