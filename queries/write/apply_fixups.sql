-- apply_fixups: re-attributes the stored calls and activity in fixup_keys to their newly known agent,
-- run and session (each where the fix-up gives one).
-- Parameters: $1, $2 the start_time range of fixup_keys (as in delta_from_fixups.sql).
UPDATE llm_calls_raw c
SET agent_k = coalesce(k.new_agent_k, c.agent_k),
  run_id = coalesce(k.new_run_id, c.run_id),
  session_id = coalesce(k.new_session_id, c.session_id)
FROM fixup_keys k
WHERE k.trace_hi = c.trace_hi AND k.trace_lo = c.trace_lo AND k.span_id = c.span_id AND k.tenant_k = c.tenant_k
  AND c.start_time BETWEEN $1 AND $2;

UPDATE activity a
SET agent = coalesce(agent.value, a.agent),
  run_id = coalesce(k.new_run_id, a.run_id),
  session_id = coalesce(k.new_session_id, a.session_id)
FROM fixup_keys k
JOIN dict tenant ON tenant.id = k.tenant_k
LEFT JOIN dict agent ON agent.id = k.new_agent_k
WHERE a.trace_id = printf('%016x%016x', k.trace_hi, k.trace_lo) AND a.span_id = printf('%016x', k.span_id) AND a.tenant = tenant.value
  AND a.start_time BETWEEN $1 AND $2;
