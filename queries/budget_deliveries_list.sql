-- budget_deliveries_list: delivery attempts of a tenant, newest first.
-- Parameters: $tenant, $status, $event_type, $channel (each NULL for any), $limit, $offset.
SELECT id, delivery_id, event_type, event_id, channel, target, attempt, status,
  epoch_ms(scheduled_at) AS scheduled_ms, epoch_ms(attempted_at) AS attempted_ms,
  response_status, error, duration_ms, epoch_ms(created_at) AS created_ms
FROM webhook_deliveries
WHERE tenant = $tenant
  AND ($status::VARCHAR IS NULL OR status = $status)
  AND ($event_type::VARCHAR IS NULL OR event_type = $event_type)
  AND ($channel::VARCHAR IS NULL OR channel = $channel)
ORDER BY seq DESC, attempt DESC, target
LIMIT $limit OFFSET $offset;
