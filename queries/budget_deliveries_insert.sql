-- budget_deliveries_insert: adds one delivery attempt to the outbox (status 'pending' until made).
-- Parameters: $id, $seq, $delivery_id, $tenant, $event_type, $event_id, $channel, $target,
-- $payload, $attempt, $scheduled_at, $created_at (ISO 8601).
INSERT INTO webhook_deliveries VALUES (
  $id, $seq, $delivery_id, $tenant, $event_type, $event_id, $channel, $target, $payload, $attempt,
  'pending', CAST($scheduled_at AS TIMESTAMPTZ), NULL, NULL, NULL, NULL, CAST($created_at AS TIMESTAMPTZ)
);
