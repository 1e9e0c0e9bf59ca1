-- clear_pending_rollups: after merge_hourly_usage.sql and merge_daily_usage.sql, in the same
-- transaction, the merged usage deltas go (run deltas go by clear_merged_runs.sql or
-- clear_pending_runs.sql).
DELETE FROM rollup_pending_hourly;
