-- pricing_reprice_activity_rows: the tool calls of a time range that re-pricing may price again,
-- among one window of row ids (as pricing_reprice_batch reads the calls):
-- every tool_call row whose cost did not come from an explicit tokentally.cost.usd (a row without
-- price_source counts as explicit when it has a cost, as migrations/006 backfills it). Costs as
-- nano-dollars, times as epoch µs, DOUBLE (exact below 2^53) for a cheap read into JS.
-- Parameters: $1 from (inclusive), $2 to (exclusive), ISO 8601 timestamps; $3 first row id
-- (inclusive), $4 last row id (exclusive).
SELECT
  a.rowid AS rid,
  a.name,
  epoch_us(a.start_time)::DOUBLE AS start_us,
  epoch_us(a.end_time)::DOUBLE AS end_us,
  a.attributes,
  (a.cost::DECIMAL(38, 9) * 1000000000)::DOUBLE AS cost,
  a.price_source
FROM activity a
WHERE a.rowid >= $3::BIGINT AND a.rowid < $4::BIGINT
  AND a.event_type = 'tool_call'
  AND a.start_time >= $1::TIMESTAMPTZ AND a.start_time < $2::TIMESTAMPTZ
  AND coalesce(a.price_source, CASE WHEN a.cost IS NULL THEN 'unpriced' ELSE 'explicit' END) <> 'explicit'
ORDER BY a.rowid;
