-- pricing_reprice_runs: adds the re-pricing deltas (reprice_deltas) to runs: total, retry and
-- failed cost and the unpriced call count (as queries/write/upsert_runs_from_calls.sql counts them).
-- Parameters: none.
UPDATE runs r
SET
  unpriced_calls = r.unpriced_calls + d.unpriced,
  total_cost = r.total_cost + d.total_cost,
  retry_cost = r.retry_cost + d.retry_cost,
  failed_cost = r.failed_cost + d.failed_cost
FROM (
  SELECT
    tenant, run_id, sum(unpriced) AS unpriced, sum(total_cost) AS total_cost,
    coalesce(sum(total_cost) FILTER (is_retry), 0) AS retry_cost,
    coalesce(sum(total_cost) FILTER (is_error), 0) AS failed_cost
  FROM reprice_deltas
  GROUP BY tenant, run_id
) d
WHERE r.tenant = d.tenant AND r.run_id = d.run_id;
