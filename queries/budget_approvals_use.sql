-- budget_approvals_use: records that approved operation $id passed the budget check at $used_at (ISO 8601).
UPDATE approvals SET used_at = CAST($used_at AS TIMESTAMPTZ) WHERE id = $id;
