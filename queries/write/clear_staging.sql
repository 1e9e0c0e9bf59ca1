-- clear_staging: empties the exporter's temp tables for the next group commit.
DELETE FROM staging_calls;
DELETE FROM staging_activity;
DELETE FROM delta_calls;
DELETE FROM fixup_keys;
