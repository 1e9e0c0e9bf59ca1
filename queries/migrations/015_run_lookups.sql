-- 015_run_lookups: run_agents notes when each agent started working in its run, and runs and
-- run_agents carry a 64-bit hash of the run id.
--
-- Why start_time: the cost per run by agent (queries/run_cost_stats.sql, behind GET /v1/runs and
-- GET /v1/agents) and the runaway-run baseline joined run_agents to runs to keep the runs that
-- started in a window. With a run a trace (traffic that names no run) that join held millions of
-- run ids: measured here over 5M runs (one DuckDB thread, 128MB), 2.1 s against 0.24 s reading
-- run_agents alone. start_time is the start of the agent's first call or priced tool call in
-- the run (merge_run_agents.sql keeps the least): a run's agents start with it or soon after, and
-- a statistic per agent is about the runs the agent worked on in the window.
--
-- Why run_hash: runs and run_agents have no index (012), so GET /v1/runs/:run_id scanned every
-- run id (117 ms over 5M runs, one thread). An equality on a UBIGINT column is a fraction of a
-- string comparison: 9-23 ms. md5_number_lower, not DuckDB's hash(): MD5 stays the same from one
-- DuckDB version to the next; queries still compare the run id itself, so a collision costs
-- nothing but a row read.
--
-- Rows from before: run_agents is rebuilt from a join with runs, taking the run's start (8-14 s for
-- 5M runs and 5M run agents at the server's 128MB, measured here; an UPDATE joined to runs took
-- 32 s). The join keeps about the stored order (775 of 5M rows out of merged_seq order with two
-- threads), which the runs list's zone maps on merged_seq use; ORDER BY rowid to keep it exactly
-- ran out of the 128MB pool. A row whose run is gone gets the epoch.
-- runs.run_hash may not be declared NOT NULL here (DuckDB refuses a constraint on a column updated
-- in the same transaction; a rebuild of runs would cost seconds more): every insert sets it.
ALTER TABLE runs ADD COLUMN run_hash UBIGINT;
UPDATE runs SET run_hash = md5_number_lower(run_id);

CREATE TABLE run_agents_next (
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  calls BIGINT NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  retry_cost DECIMAL(18, 9) NOT NULL,
  merged_seq BIGINT NOT NULL DEFAULT 0,
  start_time TIMESTAMPTZ NOT NULL,
  run_hash UBIGINT NOT NULL
);
INSERT INTO run_agents_next
SELECT a.tenant, a.run_id, a.agent, a.calls, a.total_cost, a.retry_cost, a.merged_seq,
  coalesce(r.start_time, TIMESTAMPTZ '1970-01-01 00:00:00+00'), md5_number_lower(a.run_id)
FROM run_agents a
LEFT JOIN runs r ON r.tenant = a.tenant AND r.run_id = a.run_id;
DROP TABLE run_agents;
ALTER TABLE run_agents_next RENAME TO run_agents;

-- Deltas a crash left pending take the start of their run's pending delta, else of the stored run.
-- A fix-up's withdrawal (fewer calls) carries no start (fixup_deltas.sql): NULL stays allowed.
ALTER TABLE rollup_pending_run_agents ADD COLUMN start_time TIMESTAMPTZ;
UPDATE rollup_pending_run_agents p SET start_time = coalesce(
  (SELECT min(q.start_time) FROM rollup_pending_runs q WHERE q.tenant = p.tenant AND q.run_id = p.run_id AND q.start_time IS NOT NULL),
  (SELECT min(r.start_time) FROM runs r WHERE r.tenant = p.tenant AND r.run_id = p.run_id),
  TIMESTAMPTZ '1970-01-01 00:00:00+00')
WHERE calls > 0;
