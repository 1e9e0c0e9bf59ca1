-- delta_from_activity_fixups: like delta_from_fixups, for priced activity rows named in fixup_keys.
-- Parameters: $1, $2 the start_time range of fixup_keys.
INSERT INTO delta_calls
SELECT
  -1, a.tenant, a.run_id, a.agent, 'tool', a.name,
  coalesce(json_extract_string(a.attributes, '$."tokentally.category"'), 'tool'), coalesce(a.task_type, ''),
  a.start_time, a.status = 'error', false, false,
  0, 0, 0, 0, 0, 0, 0, 0, 0, a.cost,
  k.new_agent_k
FROM activity a
JOIN fixup_keys k ON a.trace_id = printf('%016x%016x', k.trace_hi, k.trace_lo) AND a.span_id = printf('%016x', k.span_id)
JOIN dict tenant ON tenant.id = k.tenant_k AND tenant.value = a.tenant
WHERE a.cost IS NOT NULL AND a.start_time BETWEEN $1 AND $2;
