-- clear_staging: empties the exporter's temp tables for the next group commit.
DELETE FROM staging_calls;
DELETE FROM staging_activity;
DELETE FROM hourly_delta;
DELETE FROM runs_delta;
DELETE FROM run_agents_delta;
DELETE FROM delta_calls;
DELETE FROM fixup_keys;
