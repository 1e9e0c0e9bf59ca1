-- workforce_agent_first_day: the first UTC day on which each of a tenant's agents spent or
-- called anything (the daily roll-up): a human equivalent accrues from then on, not before.
-- Parameters: $tenant.
SELECT agent, strftime(min(day), '%Y-%m-%d') AS first_day
FROM daily_usage
WHERE tenant = $tenant AND calls > 0
GROUP BY agent
ORDER BY agent
