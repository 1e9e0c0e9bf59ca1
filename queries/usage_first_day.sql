-- usage_first_day: the first UTC day on which a tenant has any stored call (NULL when none),
-- so "all time" series start where the data does instead of at a fixed epoch.
-- Parameters: $tenant.
SELECT min(day) AS first_day FROM daily_usage WHERE tenant = $tenant
