-- budget_credit_accounts_upsert: opens a credit account or changes its auto top-up policy
-- (opened_at is kept from the first time).
-- Parameters: $tenant, $agent, $opened_at, $updated_at (ISO 8601), $top_up_mode (NULL = off),
-- $top_up_below_usd, $top_up_amount_usd (decimal text or NULL), $top_up_within_hours,
-- $top_up_max_per_month, $top_up_webhook.
INSERT INTO credit_accounts VALUES (
  $tenant, $agent, CAST($opened_at AS TIMESTAMPTZ), $top_up_mode::VARCHAR,
  CAST($top_up_below_usd AS DECIMAL(18, 9)), $top_up_within_hours::DOUBLE,
  CAST($top_up_amount_usd AS DECIMAL(18, 9)), $top_up_max_per_month::INTEGER, $top_up_webhook::VARCHAR,
  CAST($updated_at AS TIMESTAMPTZ)
)
ON CONFLICT DO UPDATE SET
  top_up_mode = excluded.top_up_mode,
  top_up_below_usd = excluded.top_up_below_usd,
  top_up_within_hours = excluded.top_up_within_hours,
  top_up_amount_usd = excluded.top_up_amount_usd,
  top_up_max_per_month = excluded.top_up_max_per_month,
  top_up_webhook = excluded.top_up_webhook,
  updated_at = excluded.updated_at;
