-- workforce_agent_latency: per agent, its model calls in a window and their summed duration
-- (end - start, milliseconds): the average response time is their quotient. Roll-ups keep no
-- durations, so this groups llm_calls_raw on dictionary ids and joins the names last.
-- Parameters: $tenant, $start_us, $end_us (window [start, end) in epoch microseconds).
WITH timed AS (
  SELECT c.agent_k, count(*) AS calls, sum(epoch_ms(c.end_time) - epoch_ms(c.start_time)) AS duration_ms
  FROM llm_calls_raw c
  WHERE c.tenant_k = (SELECT id FROM dict WHERE value = $tenant)
    AND c.start_time >= make_timestamptz($start_us::BIGINT) AND c.start_time < make_timestamptz($end_us::BIGINT)
  GROUP BY c.agent_k
)
SELECT agent.value AS agent, t.calls, t.duration_ms
FROM timed t
JOIN dict agent ON agent.id = t.agent_k
ORDER BY agent
