-- reference_group: cost, calls and tokens of a window grouped the plain way, from the public
-- llm_calls view with no roll-up: the reference beside the breakdown, series, agents, runs,
-- invoice and metrics endpoints. $group_by: model, provider, agent, session, run, day, hour,
-- hour_of_day. Parameters: $tenant, $start_us, $end_us, $group_by.
SELECT
  CASE $group_by
    WHEN 'model' THEN coalesce(nullif(response_model, ''), request_model)
    WHEN 'provider' THEN provider
    WHEN 'agent' THEN agent
    WHEN 'session' THEN session_id
    WHEN 'run' THEN run_id
    WHEN 'day' THEN strftime(timezone('UTC', start_time), '%Y-%m-%d')
    WHEN 'hour' THEN strftime(timezone('UTC', start_time), '%Y-%m-%dT%H')
    WHEN 'hour_of_day' THEN hour(timezone('UTC', start_time))::VARCHAR
  END AS key,
  sum(total_cost) AS cost, count(*) AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens
FROM llm_calls
WHERE tenant = $tenant AND start_time >= make_timestamptz($start_us::BIGINT) AND start_time < make_timestamptz($end_us::BIGINT)
GROUP BY 1
ORDER BY cost DESC NULLS LAST
