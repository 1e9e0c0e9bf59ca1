-- pricing_reprice_activity_missing: how many roll-up rows that re-priced tool calls already
-- counted (priced before re-pricing) are missing, per roll-up, and how many runs the re-priced
-- tool calls belong to (each must have its runs row: every tool call counts in its run). The
-- re-pricer rolls everything back unless no row is missing. Parameters: none.
SELECT
  (SELECT count(*) FROM (SELECT DISTINCT tenant, date_trunc('hour', start_time) AS hour, agent, model, task_type FROM reprice_activity_deltas WHERE was_priced) d
    WHERE NOT EXISTS (SELECT 1 FROM hourly_usage h WHERE h.tenant = d.tenant AND h.hour = d.hour AND h.agent = d.agent
      AND h.provider = 'tool' AND h.model = d.model AND h.category = 'tool' AND h.task_type = d.task_type)) AS hourly_usage,
  (SELECT count(*) FROM (SELECT DISTINCT tenant, start_time::DATE AS day, agent, model, task_type FROM reprice_activity_deltas WHERE was_priced) d
    WHERE NOT EXISTS (SELECT 1 FROM daily_usage h WHERE h.tenant = d.tenant AND h.day = d.day AND h.agent = d.agent
      AND h.provider = 'tool' AND h.model = d.model AND h.category = 'tool' AND h.task_type = d.task_type)) AS daily_usage,
  (SELECT count(*) FROM (SELECT DISTINCT tenant, run_id, agent FROM reprice_activity_deltas WHERE was_priced) d
    WHERE NOT EXISTS (SELECT 1 FROM run_agents r WHERE r.tenant = d.tenant AND r.run_id = d.run_id AND r.agent = d.agent)) AS run_agents,
  (SELECT count(*) FROM (SELECT DISTINCT tenant, run_id FROM reprice_activity_deltas)) AS runs;
