-- fill_activity: a tool call beside every tenth synthetic call of queries/bench/fill_calls.sql
-- (same run and time, by the run's agent); one tool call in ten has an explicit cost of $0.002.
-- Parameters: $first, $count (calls covered), $total, $end_us. commit_seq 1, as the calls'.
INSERT INTO activity
SELECT
  printf('%016x%016x', hash(i // 40), i), printf('%016x', i + 1000000000000), printf('%016x', i + 1), make_timestamptz(start_us),
  make_timestamptz(start_us + 150000), CASE WHEN i % 20 = 0 THEN 'other' ELSE 'default' END, 'run-' || (i // 40),
  'agent-' || lpad((hash(i // 40) % 20)::VARCHAR, 2, '0'), 'session-' || (i // 400), NULL, 'tool_call',
  ['web_search', 'read_file', 'run_code'][(i // 10) % 3 + 1], 'ok', NULL,
  CASE WHEN (i // 10) % 10 = 0 THEN 0.002 END, 150, NULL,
  CASE WHEN (i // 10) % 10 = 0 THEN 'explicit' ELSE 'unpriced' END, 1
FROM (
  SELECT i, ($end_us::BIGINT - 90 * 86400000000 + (i * (90 * 86400000000 // $total::BIGINT)) + 1000)::BIGINT AS start_us
  FROM range($first::BIGINT, $first::BIGINT + $count::BIGINT, 10) t(i)
)
