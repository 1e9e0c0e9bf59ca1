-- fill_dict: the names of the synthetic benchmark data (queries/bench/fill_calls.sql), with
-- fixed dictionary ids: tenants 0-1, agents 10-29, providers 40-43, models 50-61, task types
-- 70-75, categories 80-81, statuses 90-91, price sources 95-96, operation 99, service 100.
INSERT INTO dict
SELECT * FROM (VALUES (0, 'default'), (1, 'other'), (40, 'openai'), (41, 'anthropic'), (42, 'google'), (43, 'mistral'),
  (80, 'llm'), (81, 'embeddings'), (90, 'ok'), (91, 'error'), (95, 'catalog'), (96, 'unpriced'), (99, 'chat'), (100, 'bench-agents'))
UNION ALL SELECT 10 + i, 'agent-' || lpad(i::VARCHAR, 2, '0') FROM range(20) t(i)
UNION ALL SELECT 50 + i, ['gpt-4o', 'gpt-4o-mini', 'o3', 'claude-sonnet-4', 'claude-haiku-4', 'claude-opus-4',
  'gemini-2.5-pro', 'gemini-2.5-flash', 'text-embedding-3-small', 'mistral-large', 'mistral-small', 'codestral'][i + 1] FROM range(12) t(i)
UNION ALL SELECT 70 + i, ['research', 'drafting', 'review', 'coding', 'support', 'triage'][i + 1] FROM range(6) t(i)
