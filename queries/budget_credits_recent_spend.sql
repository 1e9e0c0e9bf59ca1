-- budget_credits_recent_spend: each credit account's spend per hour since $since (ISO 8601), for
-- the burn rate behind predictive top-ups. The hour in which an account was opened counts only
-- the calls and priced activity from opened_at on; later hours come from the hourly roll-up.
WITH accounts AS (
  SELECT tenant, agent, opened_at, date_trunc('hour', opened_at) + INTERVAL 1 HOUR AS first_full_hour
  FROM credit_accounts
),
opening_spend AS (
  SELECT a.tenant, a.agent, c.total_cost AS cost
  FROM accounts a
  JOIN llm_calls c ON c.tenant = a.tenant AND c.agent = a.agent
    AND c.start_time >= a.opened_at AND c.start_time < a.first_full_hour
  UNION ALL
  SELECT a.tenant, a.agent, t.cost
  FROM accounts a
  JOIN activity t ON t.tenant = a.tenant AND t.agent = a.agent AND t.cost IS NOT NULL
    AND t.start_time >= a.opened_at AND t.start_time < a.first_full_hour
),
spend AS (
  SELECT a.tenant, a.agent, h.hour, h.total_cost AS cost
  FROM accounts a
  JOIN hourly_usage h ON h.tenant = a.tenant AND h.agent = a.agent AND h.hour >= a.first_full_hour
  WHERE h.hour >= CAST($since AS TIMESTAMPTZ)
  UNION ALL
  SELECT o.tenant, o.agent, a.first_full_hour - INTERVAL 1 HOUR, o.cost
  FROM opening_spend o
  JOIN accounts a ON a.tenant = o.tenant AND a.agent = o.agent
  WHERE a.first_full_hour > CAST($since AS TIMESTAMPTZ)
)
SELECT tenant, agent, epoch_ms(hour) AS hour_ms,
  CAST(CAST(sum(cost) AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS spent_nanos
FROM spend
GROUP BY tenant, agent, hour;
