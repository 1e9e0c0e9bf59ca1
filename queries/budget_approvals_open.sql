-- budget_approvals_open: approvals the budget check may still meet: pending, approved and not
-- used, or denied since $denied_since (ISO 8601), so a waiting caller learns it was denied.
SELECT id, tenant, status, agent, run_id, task_type, model, operation,
  CAST(CAST(estimated_cost_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS estimated_cost_nanos,
  reason, budget_id, budget_name, callback_url, epoch_ms(requested_at) AS requested_ms,
  epoch_ms(decided_at) AS decided_ms, decided_by, decision_note, epoch_ms(used_at) AS used_ms
FROM approvals
WHERE status = 'pending'
   OR (status = 'approved' AND used_at IS NULL)
   OR (status = 'denied' AND decided_at >= CAST($denied_since AS TIMESTAMPTZ));
