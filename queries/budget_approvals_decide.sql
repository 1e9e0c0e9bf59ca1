-- budget_approvals_decide: records the decision on approval $id.
-- Parameters: $id, $status (approved | denied), $decided_at (ISO 8601), $decided_by, $decision_note.
UPDATE approvals SET
  status = $status, decided_at = CAST($decided_at AS TIMESTAMPTZ),
  decided_by = $decided_by::VARCHAR, decision_note = $decision_note::VARCHAR
WHERE id = $id;
