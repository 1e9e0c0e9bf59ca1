-- budget_credits_spend: each credit account's spend since it was opened: the hourly roll-up for
-- the whole hours after opened_at, plus the calls and priced activity stored in the hour in
-- which it was opened, from opened_at on.
WITH accounts AS (
  SELECT tenant, agent, opened_at, date_trunc('hour', opened_at) + INTERVAL 1 HOUR AS first_full_hour
  FROM credit_accounts
),
full_hours AS (
  SELECT a.tenant, a.agent, sum(h.total_cost) AS cost
  FROM accounts a
  JOIN hourly_usage h ON h.tenant = a.tenant AND h.agent = a.agent AND h.hour >= a.first_full_hour
  GROUP BY a.tenant, a.agent
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
first_hour AS (
  SELECT tenant, agent, sum(cost) AS cost FROM opening_spend GROUP BY tenant, agent
)
SELECT a.tenant, a.agent,
  CAST(CAST(coalesce(f.cost, 0) + coalesce(p.cost, 0) AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS spent_nanos
FROM accounts a
LEFT JOIN full_hours f ON f.tenant = a.tenant AND f.agent = a.agent
LEFT JOIN first_hour p ON p.tenant = a.tenant AND p.agent = a.agent;
