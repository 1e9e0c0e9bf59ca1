-- budget_update: replaces the settings of budget $id (its tenant and name never change).
-- Parameters: as budget_insert, without $tenant, $name and $created_at.
UPDATE budgets SET
  scope = $scope, target = $target, period = $period,
  limit_usd = CAST($limit_usd AS DECIMAL(18, 9)), thresholds = $thresholds, policy = $policy,
  timezone = $timezone, webhooks = $webhooks, emails = $emails, parent = $parent,
  overrun_policy = $overrun_policy, approval_threshold_usd = CAST($approval_threshold_usd AS DECIMAL(18, 9)),
  source = $source, updated_at = CAST($updated_at AS TIMESTAMPTZ)
WHERE id = $id;
