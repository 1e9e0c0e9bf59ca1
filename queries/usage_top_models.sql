-- usage_top_models: the models that cost most in a window, with their provider, calls and
-- unpriced calls (a model no price covers costs NULL, shown apart, not as $0).
-- Reads usage_facts (queries/usage_facts.sql) and takes its parameters, plus $limit.
SELECT model, provider, sum(total_cost) AS cost, sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls
FROM usage_facts
GROUP BY model, provider
ORDER BY cost DESC, calls DESC, model, provider
LIMIT $limit
