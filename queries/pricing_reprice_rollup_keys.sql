-- pricing_reprice_rollup_keys: how many rows of each roll-up the re-priced calls (reprice_deltas)
-- belong to, keyed exactly as the pricing_reprice_* updates key them. The re-pricer checks each
-- update changed that many rows: fewer means a roll-up row is missing (or the keys disagree,
-- e.g. day boundaries under another TimeZone setting) and the whole re-pricing is rolled back.
-- Parameters: none.
SELECT
  (SELECT count(*) FROM (SELECT DISTINCT tenant, date_trunc('hour', start_time), agent, provider, model, category, task_type FROM reprice_deltas)) AS hourly_usage,
  (SELECT count(*) FROM (SELECT DISTINCT tenant, start_time::DATE, agent, provider, model, category, task_type FROM reprice_deltas)) AS daily_usage,
  (SELECT count(*) FROM (SELECT DISTINCT tenant, run_id FROM reprice_deltas)) AS runs,
  (SELECT count(*) FROM (SELECT DISTINCT tenant, run_id, agent FROM reprice_deltas)) AS run_agents;
