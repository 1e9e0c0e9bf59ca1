-- reference_activity: the newest page of a tenant's activity, plain: the reference beside
-- GET /v1/activity. Parameters: $tenant.
SELECT * FROM activity WHERE tenant = $tenant ORDER BY start_time DESC LIMIT 100
