-- budget_list: every budget of every tenant, as the budget engine loads them at start-up.
-- Parameters: none. Money comes out as integer nano-dollars, times as epoch milliseconds.
SELECT
  id, tenant, name, scope, target, period,
  CAST(CAST(limit_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS limit_nanos,
  thresholds, policy, timezone, webhooks, emails, parent, overrun_policy,
  CAST(CAST(approval_threshold_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS approval_threshold_nanos,
  source, epoch_ms(created_at) AS created_ms, epoch_ms(updated_at) AS updated_ms
FROM budgets
ORDER BY tenant, created_at, name;
