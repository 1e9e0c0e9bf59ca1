-- apply_fixups: re-attributes the stored calls in fixup_keys to their newly known agent.
UPDATE llm_calls_raw c
SET agent_k = k.new_agent_k
FROM fixup_keys k
WHERE k.trace_hi = c.trace_hi AND k.trace_lo = c.trace_lo AND k.span_id = c.span_id AND k.tenant_k = c.tenant_k;
