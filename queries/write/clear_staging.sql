-- clear_staging: empties all of the exporter's temp tables (after a failed group commit; a
-- successful one deletes only what it staged).
DELETE FROM staging_calls;
DELETE FROM staging_activity;
DELETE FROM delta_calls;
DELETE FROM fixup_keys;
