-- setup_temp_tables: the exporter connection's private staging tables (TEMP: never in the file).
-- staging_calls / staging_activity receive a commit group's rows before de-duplication.
CREATE TEMP TABLE IF NOT EXISTS staging_calls AS SELECT * FROM llm_calls_raw LIMIT 0;
CREATE TEMP TABLE IF NOT EXISTS staging_activity AS SELECT * FROM activity LIMIT 0;
-- fixup_keys holds the fix-ups a merge applies, one a record (take_pending_fixups.sql fills it):
-- pending_fixups' columns without the staging commit's seq.
CREATE TEMP TABLE IF NOT EXISTS fixup_keys AS SELECT * EXCLUDE (seq) FROM pending_fixups LIMIT 0;
-- Signed, readable contributions of the records a fix-up moves (-1 as stored, +1 as re-attributed).
CREATE TEMP TABLE IF NOT EXISTS delta_calls (
  sign INTEGER NOT NULL,
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  provider VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  task_type VARCHAR NOT NULL,
  start_time TIMESTAMPTZ NOT NULL,
  is_error BOOLEAN NOT NULL,
  is_retry BOOLEAN NOT NULL,
  is_unpriced BOOLEAN NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  reasoning_tokens BIGINT NOT NULL,
  input_cost DECIMAL(18, 9) NOT NULL,
  output_cost DECIMAL(18, 9) NOT NULL,
  cache_read_cost DECIMAL(18, 9) NOT NULL,
  cache_write_cost DECIMAL(18, 9) NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  -- The agent and run the fix-up gives the record, NULL where they stay (delta_to_new_lineage.sql).
  new_agent_k INTEGER,
  new_run_id VARCHAR,
  -- What the runs table needs of the record (fixup_run_deltas.sql): event_type is NULL for a call.
  end_time TIMESTAMPTZ NOT NULL,
  status VARCHAR NOT NULL,
  event_type VARCHAR,
  -- Calls and priced activity count in the usage roll-ups and in budgets; unpriced activity (a
  -- plain tool call) only in its run.
  counts_in_spend BOOLEAN NOT NULL
);
-- The run and run-agent keys of a merge's deltas that the exporter's RunKeyFilter had never seen:
-- certainly not stored yet, so merge_runs.sql and merge_run_agents.sql insert them without looking.
CREATE TEMP TABLE IF NOT EXISTS new_runs (tenant VARCHAR NOT NULL, run_id VARCHAR NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS new_run_agents (tenant VARCHAR NOT NULL, run_id VARCHAR NOT NULL, agent VARCHAR NOT NULL);
