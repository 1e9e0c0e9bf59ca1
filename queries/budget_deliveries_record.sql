-- budget_deliveries_record: the outcome of attempt $id.
-- Parameters: $id, $status (succeeded | failed | exhausted), $attempted_at (ISO 8601),
-- $response_status (NULL when no HTTP/SMTP answer), $error, $duration_ms.
UPDATE webhook_deliveries SET
  status = $status, attempted_at = CAST($attempted_at AS TIMESTAMPTZ),
  response_status = $response_status::INTEGER, error = $error::VARCHAR, duration_ms = $duration_ms::INTEGER
WHERE id = $id;
