-- remove_stored_calls: drops from staging_calls every span already in llm_calls_raw (exporter
-- retries resend spans) and returns their keys. The start_time range lets DuckDB's zone maps
-- skip every row group outside the batch's time span, so this stays cheap as the table grows.
-- Parameters: $1 earliest start_time, $2 latest start_time of the staged rows.
DELETE FROM staging_calls s
WHERE EXISTS (
  SELECT 1 FROM llm_calls_raw c
  WHERE c.start_time BETWEEN $1 AND $2
    AND c.span_id = s.span_id AND c.trace_lo = s.trace_lo AND c.trace_hi = s.trace_hi
)
RETURNING s.trace_hi, s.trace_lo, s.span_id;
