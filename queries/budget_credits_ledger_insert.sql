-- budget_credits_ledger_insert: appends a ledger entry.
-- Parameters: $id, $tenant, $agent, $created_at (ISO 8601), $kind, $amount_usd, $balance_usd
-- (decimal text), $note, $reference.
INSERT INTO credits_ledger VALUES (
  $id, $tenant, $agent, CAST($created_at AS TIMESTAMPTZ), $kind,
  CAST($amount_usd AS DECIMAL(18, 9)), CAST($balance_usd AS DECIMAL(18, 9)), $note::VARCHAR, $reference::VARCHAR
);
