-- agents_last_active: the last UTC hour in which each of a tenant's agents made a model call.
-- Parameters: $tenant.
SELECT agent, max(hour) AS last_active_hour
FROM hourly_usage
WHERE tenant = $tenant AND calls > 0
GROUP BY agent
