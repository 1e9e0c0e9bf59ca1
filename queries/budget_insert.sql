-- budget_insert: stores a new budget.
-- Parameters: every column; money as decimal text ($limit_usd, $approval_threshold_usd), times as ISO 8601.
INSERT INTO budgets VALUES (
  $id, $tenant, $name, $scope, $target, $period,
  CAST($limit_usd AS DECIMAL(18, 9)), $thresholds, $policy, $timezone, $webhooks, $emails,
  $parent, $overrun_policy, CAST($approval_threshold_usd AS DECIMAL(18, 9)), $source,
  CAST($created_at AS TIMESTAMPTZ), CAST($updated_at AS TIMESTAMPTZ)
);
