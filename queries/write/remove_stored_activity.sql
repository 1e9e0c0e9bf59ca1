-- remove_stored_activity: drops from staging_activity every span already in activity and returns
-- their keys; restricted like remove_stored_calls (see there) to rows committed before the
-- exporter's in-memory key window and to the staged rows' start_time and end_time ranges.
-- Parameters: $1 earliest start_time, $2 latest start_time of the staged rows, $3 watermark,
-- $4 earliest end_time, $5 latest end_time of the staged rows.
DELETE FROM staging_activity s
WHERE EXISTS (
  SELECT 1 FROM activity a
  WHERE a.commit_seq < $3 AND a.start_time BETWEEN $1 AND $2 AND a.end_time BETWEEN $4 AND $5
    AND a.span_id = s.span_id AND a.trace_id = s.trace_id
)
RETURNING s.trace_id, s.span_id;
