-- 011_pending_fixups: fix-ups wait in the file for the next roll-up merge.
--
-- A fix-up re-attributes calls and activity stored before their agent's or run's span arrived
-- (exporters send a parent after its children, so under agent traffic nearly every commit carries
-- some). Each commit that carried fix-ups ran ten statements for them (read the fixed rows back,
-- withdraw and re-add their roll-up contributions, update the rows), ~40 ms a commit under load,
-- most of it planning. Now a commit appends its fix-ups here, in its own transaction (so they are
-- as durable as the rows they fix), and the next merge of the roll-ups (every commit when the
-- writer is idle, about once a second under load, and at start-up after a crash) applies all of
-- them at once: stored rows and roll-ups show the new agent and run from then on.
CREATE TABLE IF NOT EXISTS pending_fixups (
  trace_hi UBIGINT NOT NULL,
  trace_lo UBIGINT NOT NULL,
  span_id UBIGINT NOT NULL,
  tenant_k INTEGER NOT NULL,
  -- What the record now inherits; NULL where its stored value (or an earlier fix-up's) stands.
  new_agent_k INTEGER,
  new_run_id VARCHAR,
  new_session_id VARCHAR,
  start_time TIMESTAMPTZ NOT NULL,
  -- The commit that staged it: where two commits fix the same record (its agent when the agent
  -- span arrives, its run when the root does), each field comes from the later one that gives it.
  seq BIGINT NOT NULL
);
