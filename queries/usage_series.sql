-- usage_series: cost, operations and tokens per time bucket, optionally split into series.
-- $bucket: 'day' (calendar day in $tz, key YYYY-MM-DD), 'hour' (UTC hour, key ISO 8601),
--   'hour_of_day' (hour 0-23 in $tz, key '0'..'23'); $split_by: provider, model, agent or NULL.
-- Buckets without calls are absent (the API zero-fills them).
-- Reads usage_facts (queries/usage_facts.sql) and takes its parameters, plus $bucket, $tz, $split_by.
SELECT
  CASE $bucket
    WHEN 'day' THEN strftime(timezone($tz, bucket), '%Y-%m-%d')
    WHEN 'hour' THEN strftime(timezone('UTC', bucket), '%Y-%m-%dT%H:00:00.000Z')
    WHEN 'hour_of_day' THEN hour(timezone($tz, bucket))::VARCHAR
  END AS key,
  CASE $split_by WHEN 'provider' THEN provider WHEN 'model' THEN model WHEN 'agent' THEN agent END AS series,
  sum(total_cost) AS cost,
  sum(calls) AS calls,
  sum(input_tokens) AS input_tokens,
  sum(output_tokens) AS output_tokens
FROM usage_facts
GROUP BY 1, 2
ORDER BY 1, 2
