-- budget_approvals_list: a tenant's approvals, newest first (insertion order breaks ties).
-- Parameters: $tenant, $status (pending | approved | denied, NULL for all), $limit, $offset.
SELECT id, tenant, status, agent, run_id, task_type, model, operation,
  CAST(CAST(estimated_cost_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS estimated_cost_nanos,
  reason, budget_id, budget_name, callback_url, epoch_ms(requested_at) AS requested_ms,
  epoch_ms(decided_at) AS decided_ms, decided_by, decision_note, epoch_ms(used_at) AS used_ms
FROM approvals
WHERE tenant = $tenant AND ($status::VARCHAR IS NULL OR status = $status)
ORDER BY requested_at DESC, rowid DESC
LIMIT $limit OFFSET $offset;
