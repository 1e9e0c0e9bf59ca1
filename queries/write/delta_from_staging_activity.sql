-- delta_from_staging_activity: the roll-up contributions of priced activity being stored (a tool
-- with a per-call price, a recordCost span): provider 'tool', model = the tool or cost name, so
-- hourly/daily usage and each agent's run share hold all spend, not only model calls.
INSERT INTO delta_calls
SELECT
  'activity', 1, a.tenant, a.run_id, a.agent, 'tool', a.name,
  coalesce(json_extract_string(a.attributes, '$."tokentally.category"'), 'tool'), coalesce(a.task_type, ''),
  a.start_time, a.end_time, a.status, a.status = 'error', false, false,
  0, 0, 0, 0, 0, 0, 0, 0, 0, a.cost
FROM staging_activity a
WHERE a.cost IS NOT NULL;
