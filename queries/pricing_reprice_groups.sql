-- pricing_reprice_groups: what the calls of a time range name (provider, request and response
-- model, service tier), with dict ids, call counts and the span of row ids their rows lie in;
-- calls with an explicit cost are left out (tokentally.cost.usd wins over any price, so
-- re-pricing never touches them).
-- Parameters: $1 from (inclusive), $2 to (exclusive), ISO 8601 timestamps.
SELECT
  c.provider_k, c.request_model_k, c.response_model_k, c.service_tier_k,
  provider.value AS provider, request_model.value AS request_model,
  response_model.value AS response_model, service_tier.value AS service_tier,
  count(*) AS calls, min(c.rowid) AS first_rid, max(c.rowid) AS last_rid
FROM llm_calls_raw c
JOIN dict provider ON provider.id = c.provider_k
JOIN dict request_model ON request_model.id = c.request_model_k
JOIN dict response_model ON response_model.id = c.response_model_k
LEFT JOIN dict service_tier ON service_tier.id = c.service_tier_k
WHERE c.start_time >= $1::TIMESTAMPTZ AND c.start_time < $2::TIMESTAMPTZ
  AND c.price_source_k IS DISTINCT FROM (SELECT id FROM dict WHERE value = 'explicit')
GROUP BY ALL
ORDER BY calls DESC;
