-- take_pending_fixups: the fix-ups waiting in pending_fixups (migration 011), one per record, into
-- fixup_keys for the fix-up statements that follow in the same transaction; pending_fixups emptied.
-- A record fixed up by several commits gets each field from the latest commit that gives one
-- (a commit stages at most one fix-up a record: GroupCommit merges a group's first).
INSERT INTO fixup_keys
SELECT
  trace_hi, trace_lo, span_id, tenant_k,
  arg_max(new_agent_k, seq) FILTER (WHERE new_agent_k IS NOT NULL),
  arg_max(new_run_id, seq) FILTER (WHERE new_run_id IS NOT NULL),
  arg_max(new_session_id, seq) FILTER (WHERE new_session_id IS NOT NULL),
  min(start_time)
FROM pending_fixups
GROUP BY trace_hi, trace_lo, span_id, tenant_k;

DELETE FROM pending_fixups;
