-- pricing_reprice_setup: the re-pricer's temp tables (TEMP: never in the file), dropped first if left over.
-- reprice_groups: the (provider, request model, response model, service tier) keys selected for
-- re-pricing, numbered; reprice_new: the new costs (nano-dollars) of the calls whose price changed;
-- reprice_activity_new: the same for tool calls (activity rows).
-- Parameters: none.
DROP TABLE IF EXISTS reprice_groups;
DROP TABLE IF EXISTS reprice_rows;
DROP TABLE IF EXISTS reprice_new;
DROP TABLE IF EXISTS reprice_deltas;
DROP TABLE IF EXISTS reprice_activity_new;
DROP TABLE IF EXISTS reprice_activity_deltas;
CREATE TEMP TABLE reprice_groups (
  g INTEGER NOT NULL,
  provider_k INTEGER NOT NULL,
  request_model_k INTEGER NOT NULL,
  response_model_k INTEGER NOT NULL,
  service_tier_k INTEGER,
  needs_attributes BOOLEAN NOT NULL          -- per-image/page/second prices read span attributes
);
CREATE TEMP TABLE reprice_new (
  rid BIGINT NOT NULL,                       -- llm_calls_raw.rowid
  input_cost DOUBLE,                         -- nano-dollars (integers), NULL when unpriced
  output_cost DOUBLE,
  cache_read_cost DOUBLE,
  cache_write_cost DOUBLE,
  reasoning_cost DOUBLE,
  other_cost DOUBLE,
  total_cost DOUBLE,
  priced_model_k INTEGER,
  price_source_k INTEGER NOT NULL
);
CREATE TEMP TABLE reprice_activity_new (
  rid BIGINT NOT NULL,                       -- activity.rowid
  old_cost DOUBLE,                           -- nano-dollars (integers), NULL when unpriced
  cost DOUBLE,
  price_source VARCHAR NOT NULL              -- override | unpriced
);
