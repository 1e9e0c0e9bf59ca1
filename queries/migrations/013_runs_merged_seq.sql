-- 013_runs_merged_seq: runs and run_agents note the merge that last changed each row.
--
-- Why: without an index (012), finding a batch of run deltas' rows was a scan of the whole table
-- (random run ids defeat the zone maps), so every roll-up merge cost more as the file grew:
-- ~110 ms at 5M runs, measured here, and a server fed traces without run ids makes a run a trace.
-- Now a merge inserts the runs the exporter's RunKeyFilter has never seen without looking, and
-- looks for the others only among rows changed by recent merges (merged_seq >= a cutoff, which the
-- zone maps answer by skipping every older row group); a run older than that is merged by a full
-- scan, at most a tenth of the writer's time (queries/write/000_README.md).
--
-- merged_seq is rollup_watermark's seq at the merge: it only grows. Rows stored before this
-- migration have 0 (merged before any seq the exporter will use as a cutoff). NOT NULL, set apart
-- (DuckDB cannot add a column with a constraint): a row no comparison could find would be stored
-- again by the full merge.
ALTER TABLE runs ADD COLUMN merged_seq BIGINT DEFAULT 0;
ALTER TABLE runs ALTER COLUMN merged_seq SET NOT NULL;
-- created_seq: no run_agents row of the run was merged before it (0 when not known so: rows from
-- before this migration, and runs the full merge inserts, whose agents may have been stored
-- first). It lets the runs list find a page's agents among recent rows only (runs_list.sql).
ALTER TABLE runs ADD COLUMN created_seq BIGINT DEFAULT 0;
ALTER TABLE runs ALTER COLUMN created_seq SET NOT NULL;
ALTER TABLE run_agents ADD COLUMN merged_seq BIGINT DEFAULT 0;
ALTER TABLE run_agents ALTER COLUMN merged_seq SET NOT NULL;
