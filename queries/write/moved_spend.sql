-- moved_spend: the signed spend contributions a fix-up just moved (delta_calls, filled by
-- delta_from_fixups.sql and delta_from_activity_fixups.sql), for the exporter's commit listeners.
-- Costs in nano-dollars, negative for a withdrawal (sign -1); NULL for an unpriced call.
SELECT
  sign, tenant, run_id, agent, model, task_type, epoch_ms(start_time),
  CASE WHEN is_unpriced THEN NULL ELSE (sign * total_cost * 1000000000)::BIGINT END
FROM delta_calls
WHERE counts_in_spend
ORDER BY sign, start_time;
