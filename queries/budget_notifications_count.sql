-- budget_notifications_count: how many rows budget_notifications_list pages through, and how many are unread.
-- Parameters: $tenant, $unread_only (boolean).
SELECT count(*) FILTER (NOT $unread_only::BOOLEAN OR read_at IS NULL) AS total,
  count(*) FILTER (read_at IS NULL) AS unread
FROM notifications
WHERE tenant = $tenant;
