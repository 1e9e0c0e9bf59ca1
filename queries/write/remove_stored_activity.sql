-- remove_stored_activity: drops from staging_activity every span already in activity; returns their keys.
DELETE FROM staging_activity s
WHERE EXISTS (SELECT 1 FROM activity a WHERE a.trace_id = s.trace_id AND a.span_id = s.span_id)
RETURNING s.trace_id, s.span_id;
