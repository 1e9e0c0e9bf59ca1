-- 012_runs_without_keys: runs and run_agents lose their PRIMARY KEYs, as activity did in 007.
--
-- Why: a primary key is an ART index that DuckDB keeps in memory whole, and these two tables grow
-- by a row for every trace that names no run (its trace id is its run: every call of plain chat
-- traffic). Measured here with the server's defaults (128MB memory_limit, one thread): with 1M
-- runs stored, a merge of 9,000 run deltas took ~80 ms; with 2M, every merge failed with DuckDB's
-- "Out of Memory Error" (the index alone filled the pool), which fails every group commit that
-- merges: ingest would stop after about two million traces. Without the keys the same merges run
-- at ~100 ms over 2M runs and ~215 ms over 5M, in bounded memory. Uniqueness needs no index: the
-- exporter is the only writer, and its MERGE statements (queries/write/merge_runs.sql,
-- merge_run_agents.sql) add each delta to the run's one row or insert it.
--
-- DuckDB cannot drop a constraint, so both tables are rebuilt; rows keep their stored order. The
-- columns are spelled out (as in 001) because CREATE TABLE … AS would drop their NOT NULLs too.
CREATE TABLE runs_next (
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  start_time TIMESTAMPTZ NOT NULL,
  end_time TIMESTAMPTZ NOT NULL,
  calls BIGINT NOT NULL,
  error_calls BIGINT NOT NULL,
  retry_calls BIGINT NOT NULL,
  unpriced_calls BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  retry_cost DECIMAL(18, 9) NOT NULL,
  failed_cost DECIMAL(18, 9) NOT NULL,
  tool_calls BIGINT NOT NULL,
  tool_cost DECIMAL(18, 9) NOT NULL,
  last_status VARCHAR NOT NULL               -- status of the latest call seen in the run
);
INSERT INTO runs_next SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_next RENAME TO runs;

CREATE TABLE run_agents_next (
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  calls BIGINT NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  retry_cost DECIMAL(18, 9) NOT NULL
);
INSERT INTO run_agents_next SELECT * FROM run_agents;
DROP TABLE run_agents;
ALTER TABLE run_agents_next RENAME TO run_agents;
