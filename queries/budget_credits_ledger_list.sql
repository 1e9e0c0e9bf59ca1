-- budget_credits_ledger_list: an agent's ledger, newest first (insertion order breaks ties). Parameters: $tenant, $agent, $limit, $offset.
SELECT id, epoch_ms(created_at) AS created_ms, kind,
  CAST(CAST(amount_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS amount_nanos,
  CAST(CAST(balance_usd AS DECIMAL(38, 9)) * 1000000000 AS BIGINT) AS balance_nanos,
  note, reference
FROM credits_ledger
WHERE tenant = $tenant AND agent = $agent
ORDER BY created_at DESC, rowid DESC
LIMIT $limit OFFSET $offset;
