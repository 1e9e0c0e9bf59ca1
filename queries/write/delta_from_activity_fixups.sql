-- delta_from_activity_fixups: like delta_from_fixups, for the activity rows named in fixup_keys
-- (only the priced ones count in spend; every one counts in its run).
-- Parameters: $1, $2 the start_time range of fixup_keys.
INSERT INTO delta_calls
SELECT
  -1, a.tenant, a.run_id, a.agent, 'tool', a.name,
  coalesce(json_extract_string(a.attributes, '$."tokentally.category"'), 'tool'), coalesce(a.task_type, ''),
  a.start_time, a.status = 'error', false, false,
  0, 0, 0, 0, 0, 0, 0, 0, 0, coalesce(a.cost, 0),
  k.new_agent_k, k.new_run_id, a.end_time, a.status, a.event_type, a.cost IS NOT NULL
FROM activity a
JOIN fixup_keys k ON a.trace_id = printf('%016x%016x', k.trace_hi, k.trace_lo) AND a.span_id = printf('%016x', k.span_id)
JOIN dict tenant ON tenant.id = k.tenant_k AND tenant.value = a.tenant
WHERE (k.new_agent_k IS NOT NULL OR k.new_run_id IS NOT NULL) AND a.start_time BETWEEN $1 AND $2;
