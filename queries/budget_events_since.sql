-- budget_events_since: thresholds that must not fire again: those fired since $since (ISO 8601),
-- and those of per-run budgets whose run was active since $runs_since (ISO 8601).
SELECT e.budget_id, e.period_key, e.threshold, epoch_ms(e.fired_at) AS fired_ms
FROM budget_events e
WHERE e.fired_at >= CAST($since AS TIMESTAMPTZ)
   OR (starts_with(e.period_key, 'run:') AND EXISTS (
        SELECT 1 FROM runs r
        WHERE r.tenant = e.tenant AND 'run:' || r.run_id = e.period_key
          AND r.end_time >= CAST($runs_since AS TIMESTAMPTZ)));
