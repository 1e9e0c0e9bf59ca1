-- budget_approvals_get: approval $id of tenant $tenant.
SELECT id, tenant, status, agent, run_id, task_type, model, operation,
  CAST(CAST(estimated_cost_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS estimated_cost_nanos,
  reason, budget_id, budget_name, callback_url, epoch_ms(requested_at) AS requested_ms,
  epoch_ms(decided_at) AS decided_ms, decided_by, decision_note, epoch_ms(used_at) AS used_ms
FROM approvals
WHERE tenant = $tenant AND id = $id;
