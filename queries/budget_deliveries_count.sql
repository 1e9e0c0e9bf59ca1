-- budget_deliveries_count: how many rows budget_deliveries_list pages through.
-- Parameters: $tenant, $status, $event_type, $channel (each NULL for any).
SELECT count(*) AS total
FROM webhook_deliveries
WHERE tenant = $tenant
  AND ($status::VARCHAR IS NULL OR status = $status)
  AND ($event_type::VARCHAR IS NULL OR event_type = $event_type)
  AND ($channel::VARCHAR IS NULL OR channel = $channel);
