-- rebuild_run_agents: run_agents from scratch over spend_facts (calls and priced activity per run and agent).
INSERT INTO run_agents
SELECT tenant, run_id, agent, count(*), sum(total_cost), coalesce(sum(total_cost) FILTER (is_retry), 0)
FROM spend_facts
WHERE is_call OR total_cost <> 0
GROUP BY tenant, run_id, agent
