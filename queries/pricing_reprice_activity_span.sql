-- pricing_reprice_activity_span: the row ids the tool calls of a time range lie between (end
-- exclusive; 0 and 0 when there are none), for the re-pricer's windows over
-- pricing_reprice_activity_rows. Parameters: $1 from (inclusive), $2 to (exclusive), ISO 8601
-- timestamps.
SELECT coalesce(min(rowid), 0) AS first_rid, coalesce(max(rowid) + 1, 0) AS end_rid
FROM activity
WHERE event_type = 'tool_call' AND start_time >= $1::TIMESTAMPTZ AND start_time < $2::TIMESTAMPTZ;
