-- budget_notifications_list: a tenant's notifications, newest first (insertion order breaks ties).
-- Parameters: $tenant, $unread_only (boolean), $limit, $offset.
SELECT id, epoch_ms(created_at) AS created_ms, kind, severity, title, message, budget_id, data,
  epoch_ms(read_at) AS read_ms
FROM notifications
WHERE tenant = $tenant AND (NOT $unread_only::BOOLEAN OR read_at IS NULL)
ORDER BY created_at DESC, rowid DESC
LIMIT $limit OFFSET $offset;
