-- 008_rollup_pending_runs_left: runs that fix-ups moved records out of, since the last merge.
--
-- A root span that carries the run id often arrives after its calls, which are stored under the
-- trace id as their run until then; its fix-ups move them to the run (queries/write/
-- fixup_run_deltas.sql) and note the run they left here. The next merge drops each noted run that
-- has no call, tool call or other activity left (write/drop_empty_rollups.sql). Kept in the file,
-- in the commit's transaction, like the pending deltas: a crash between the fix-up and the merge
-- must not leave an empty run behind.
CREATE TABLE IF NOT EXISTS rollup_pending_runs_left (
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL
);
