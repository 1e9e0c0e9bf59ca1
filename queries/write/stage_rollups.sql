-- stage_rollups: keeps a commit group's roll-up deltas (the temp *_delta tables) as pending, in
-- the group's own transaction; merge_*.sql fold them into the roll-ups later (see
-- migrations/004_rollup_pending.sql). Parameters: $1 the commit's sequence number.
INSERT INTO rollup_pending_hourly SELECT * FROM hourly_delta;
INSERT INTO rollup_pending_runs SELECT *, $1 FROM runs_delta;
INSERT INTO rollup_pending_run_agents SELECT * FROM run_agents_delta;
