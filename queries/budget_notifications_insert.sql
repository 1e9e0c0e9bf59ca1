-- budget_notifications_insert: adds an entry to the dashboard's notification list.
-- Parameters: $id, $tenant, $created_at (ISO 8601), $kind, $severity, $title, $message, $budget_id, $data (JSON).
INSERT INTO notifications VALUES (
  $id, $tenant, CAST($created_at AS TIMESTAMPTZ), $kind, $severity, $title, $message, $budget_id::VARCHAR, $data, NULL
);
