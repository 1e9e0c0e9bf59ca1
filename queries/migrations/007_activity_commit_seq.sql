-- 007_activity_commit_seq: activity loses its PRIMARY KEY and gains commit_seq, as llm_calls_raw
-- did in 005.
--
-- Why: agent traffic is not "a few" tool spans: a typical run has a tool call beside every other
-- model call. The primary key made every commit with activity look each staged span up in the
-- whole table (an anti-join that grew with the table: 8 of 26 seconds of a 770k-span agent load,
-- measured here) and kept an in-memory ART index of every stored id. The exporter now tells
-- resent activity as it tells resent calls: by the keys of the latest commits held in memory, and
-- in SQL only for spans older than those, restricted by zone maps on commit_seq and start_time
-- (src/exporters/duckdb/recent-keys.ts). Rows stored before this migration get commit_seq 0.
--
-- DuckDB cannot drop a constraint, so the table is rebuilt and its view made again. Rows keep their
-- stored order (commit order, close to start_time order): sorting them took three times the memory
-- (981 against 322 MiB for 2 M rows). Measured with the default 256MB memory_limit: 10 M rows in
-- 19 s at 383 MiB peak RSS.
CREATE TABLE activity_next (
  trace_id VARCHAR NOT NULL,
  span_id VARCHAR NOT NULL,
  parent_span_id VARCHAR,
  start_time TIMESTAMPTZ NOT NULL,
  end_time TIMESTAMPTZ NOT NULL,
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  session_id VARCHAR,
  task_type VARCHAR,
  event_type VARCHAR NOT NULL,               -- tool_call | agent_invocation | error | cost
  name VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  error_type VARCHAR,
  cost DECIMAL(18, 9),
  duration_ms BIGINT NOT NULL,
  attributes VARCHAR,
  price_source VARCHAR,
  commit_seq BIGINT NOT NULL DEFAULT 0
);
INSERT INTO activity_next SELECT *, 0 FROM activity;
DROP VIEW IF EXISTS tool_calls;
DROP TABLE activity;
ALTER TABLE activity_next RENAME TO activity;
CREATE VIEW tool_calls AS SELECT * FROM activity WHERE event_type = 'tool_call';
