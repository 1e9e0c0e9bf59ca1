-- budget_approvals_count: how many rows budget_approvals_list pages through. Parameters: $tenant, $status.
SELECT count(*) AS total
FROM approvals
WHERE tenant = $tenant AND ($status::VARCHAR IS NULL OR status = $status);
