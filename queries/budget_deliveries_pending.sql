-- budget_deliveries_pending: attempts not yet made (the outbox to resume at start-up), in send order.
SELECT id, seq, delivery_id, tenant, event_type, event_id, channel, target, payload, attempt,
  epoch_ms(scheduled_at) AS scheduled_ms, epoch_ms(created_at) AS created_ms
FROM webhook_deliveries
WHERE status = 'pending'
ORDER BY seq, attempt;
