-- 010_rollup_watermark: roll-up deltas are kept in memory between merges, not appended every commit.
--
-- Appending each group commit's deltas to the three rollup_pending_* tables cost ~1.9 ms a commit
-- however small the deltas (measured here: ~8% of ingest throughput). Now a commit appends them
-- only when it merges or carries fix-ups (about once a second under load); in between they live
-- in the exporter's memory. This row says how far the file holds them: every call and activity
-- row with a commit_seq at or below `seq` has its contribution in the roll-ups or in
-- rollup_pending_*. Start-up adds the rest again from the stored rows themselves
-- (queries/write/recover_rollup_deltas.sql), so a crash between merges loses nothing. Fix-ups
-- flush every delta first, so the rows past the watermark are exactly as their commit stored them.
CREATE TABLE IF NOT EXISTS rollup_watermark (seq BIGINT NOT NULL);
-- Until now every commit appended its deltas: everything stored is accounted for.
INSERT INTO rollup_watermark
SELECT coalesce(max(commit_seq), 0) FROM (SELECT commit_seq FROM llm_calls_raw UNION ALL SELECT commit_seq FROM activity);
