-- fill_calls: synthetic model calls $first .. $first + $count - 1 of $total, evenly spread over
-- the 90 days before $end_us (epoch µs), in time order as ingestion appends them. Runs are 40
-- consecutive calls, sessions 400; a run is one agent's, with a quarter of its calls handed to
-- the next agent. Each agent uses three models and one task type; 1 in 20 calls belongs to
-- tenant 'other', 2% fail, 3% are retries, 1% are unpriced.
-- After the attributes (NULL) come commit_seq, 1: one commit past the roll-ups' watermark (0 in
-- a new file), so that settleRollups() sums the roll-ups as start-up does for calls a crash left
-- unmerged; and response_id, NULL.
INSERT INTO llm_calls_raw
SELECT
  hash(i // 40), i::UBIGINT, (i + 1)::UBIGINT, 0,
  make_timestamptz(start_us), make_timestamptz(start_us + 400000 + (h % 4000000)::BIGINT),
  (i % 20 = 0)::INTEGER, 10 + agent, 70 + agent % 6, 100, 40 + [0, 0, 0, 1, 1, 1, 2, 2, 0, 3, 3, 3][model + 1], 50 + model, 50 + model,
  CASE WHEN unpriced THEN NULL ELSE 50 + model END, 99, CASE WHEN model = 8 THEN 81 ELSE 80 END,
  CASE WHEN h % 50 = 0 THEN 91 ELSE 90 END, NULL, CASE WHEN unpriced THEN 96 ELSE 95 END, NULL,
  input_tokens, output_tokens, cache_read, 0, 0, 0, 0, 0, 0, 0,
  CASE WHEN unpriced THEN NULL ELSE ((input_tokens - cache_read) * (model + 1) * 250)::DECIMAL(18, 9) / 1e9 END,
  CASE WHEN unpriced THEN NULL ELSE (output_tokens * (model + 1) * 1000)::DECIMAL(18, 9) / 1e9 END,
  CASE WHEN unpriced THEN NULL ELSE (cache_read * (model + 1) * 25)::DECIMAL(18, 9) / 1e9 END,
  CASE WHEN unpriced THEN NULL ELSE 0 END, CASE WHEN unpriced THEN NULL ELSE 0 END, CASE WHEN unpriced THEN NULL ELSE 0 END,
  CASE WHEN unpriced THEN NULL ELSE (((input_tokens - cache_read) * 250 + output_tokens * 1000 + cache_read * 25) * (model + 1))::DECIMAL(18, 9) / 1e9 END,
  CASE WHEN h % 33 = 0 THEN 2 ELSE 1 END, h % 33 = 0, NULL,
  'run-' || (i // 40), 'session-' || (i // 400), NULL, 1, NULL
FROM (
  SELECT
    i, h,
    ($end_us::BIGINT - 90 * 86400000000 + (i * (90 * 86400000000 // $total::BIGINT)))::BIGINT AS start_us,
    ((hash(i // 40) % 20 + (h % 4 = 0)::INTEGER) % 20)::INTEGER AS agent,
    ((((hash(i // 40) % 20 + (h % 4 = 0)::INTEGER) % 20) * 3 + (h // 11) % 3) % 12)::INTEGER AS model,
    h % 100 = 1 AS unpriced,
    (100 + h % 4000)::BIGINT AS input_tokens,
    (10 + (h // 13) % 1000)::BIGINT AS output_tokens,
    ((h // 17) % 100)::BIGINT AS cache_read
  FROM (SELECT i, hash(i) AS h FROM range($first::BIGINT, $first::BIGINT + $count::BIGINT) t(i))
)
