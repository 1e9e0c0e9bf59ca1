-- budget_approvals_insert: stores a new approval request (status 'pending').
-- Parameters: $id, $tenant, $agent, $run_id, $task_type, $model, $operation, $estimated_cost_usd
-- (decimal text), $reason, $budget_id, $budget_name, $callback_url, $requested_at (ISO 8601).
INSERT INTO approvals VALUES (
  $id, $tenant, 'pending', $agent::VARCHAR, $run_id::VARCHAR, $task_type::VARCHAR, $model::VARCHAR,
  $operation::VARCHAR, CAST($estimated_cost_usd AS DECIMAL(18, 9)), $reason::VARCHAR, $budget_id::VARCHAR,
  $budget_name::VARCHAR, $callback_url::VARCHAR, CAST($requested_at AS TIMESTAMPTZ), NULL, NULL, NULL, NULL
);
