-- budget_credit_accounts_list: every credit account with its auto top-up policy and ledger totals:
-- all credit ever added, and the top-ups and pauses recorded since $month_start (ISO 8601).
SELECT
  a.tenant, a.agent, epoch_ms(a.opened_at) AS opened_ms, a.top_up_mode,
  CAST(CAST(a.top_up_below_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS top_up_below_nanos,
  a.top_up_within_hours,
  CAST(CAST(a.top_up_amount_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS top_up_amount_nanos,
  a.top_up_max_per_month, a.top_up_webhook,
  coalesce(CAST(CAST(l.credited AS DECIMAL(38, 9)) * 1000000000 AS BIGINT), 0) AS credited_nanos,
  coalesce(l.top_ups_in_month, 0) AS top_ups_in_month,
  coalesce(l.pauses_in_month, 0) AS pauses_in_month
FROM credit_accounts a
LEFT JOIN (
  SELECT tenant, agent, sum(amount_usd) AS credited,
    count(*) FILTER (kind = 'top_up' AND created_at >= CAST($month_start AS TIMESTAMPTZ)) AS top_ups_in_month,
    count(*) FILTER (kind = 'top_up_paused' AND created_at >= CAST($month_start AS TIMESTAMPTZ)) AS pauses_in_month
  FROM credits_ledger
  GROUP BY tenant, agent
) l ON l.tenant = a.tenant AND l.agent = a.agent;
