-- budget_notifications_mark_read: marks notification $id of $tenant read at $read_at (ISO 8601);
-- returns the id when it exists.
UPDATE notifications SET read_at = coalesce(read_at, CAST($read_at AS TIMESTAMPTZ))
WHERE tenant = $tenant AND id = $id
RETURNING id;
