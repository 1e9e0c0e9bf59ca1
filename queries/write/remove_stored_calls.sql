-- remove_stored_calls: drops from staging_calls every span already in llm_calls_raw (exporter
-- retries resend spans) and returns their keys. Only calls committed before the exporter's
-- in-memory key window are looked at (commit_seq < $3; the newer ones were told in memory), and
-- only in the staged rows' start_time and end_time ranges: DuckDB's zone maps on the three
-- columns skip every other row group (rows are stored nearly in end_time order, since spans are
-- exported as they end), so this stays cheap as the table grows and under a high ingest rate.
-- Parameters: $1 earliest start_time, $2 latest start_time of the staged rows, $3 watermark,
-- $4 earliest end_time, $5 latest end_time of the staged rows.
DELETE FROM staging_calls s
WHERE EXISTS (
  SELECT 1 FROM llm_calls_raw c
  WHERE c.commit_seq < $3 AND c.start_time BETWEEN $1 AND $2 AND c.end_time BETWEEN $4 AND $5
    AND c.span_id = s.span_id AND c.trace_lo = s.trace_lo AND c.trace_hi = s.trace_hi
)
RETURNING s.trace_hi, s.trace_lo, s.span_id;
