-- pricing_unpriced: the (provider, model) pairs of one tenant that nothing priced (price_source
-- 'unpriced', cost NULL) in a time window, with call and token counts and when they were seen;
-- add an override for one, then re-price, and it leaves this list.
-- model is the response model, else the request model (as in the roll-ups).
-- Parameters: $1 tenant, $2 window start (inclusive), $3 window end (exclusive), ISO 8601;
-- $4 limit, $5 offset. `total` is the number of pairs before paging.
SELECT
  provider.value AS provider,
  coalesce(nullif(response_model.value, ''), request_model.value) AS model,
  count(*) AS calls,
  sum(c.input_tokens) AS input_tokens,
  sum(c.output_tokens) AS output_tokens,
  sum(c.cache_read_tokens) AS cache_read_tokens,
  sum(c.cache_write_tokens) AS cache_write_tokens,
  min(c.start_time) AS first_seen,
  max(c.start_time) AS last_seen,
  count(*) OVER () AS total
FROM llm_calls_raw c
JOIN dict provider ON provider.id = c.provider_k
JOIN dict request_model ON request_model.id = c.request_model_k
JOIN dict response_model ON response_model.id = c.response_model_k
WHERE c.tenant_k = (SELECT id FROM dict WHERE value = $1)
  AND c.price_source_k = (SELECT id FROM dict WHERE value = 'unpriced')
  AND c.start_time >= $2::TIMESTAMPTZ AND c.start_time < $3::TIMESTAMPTZ
GROUP BY 1, 2
ORDER BY calls DESC, provider, model
LIMIT $4 OFFSET $5;
