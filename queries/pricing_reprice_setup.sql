-- pricing_reprice_setup: the re-pricer's temp tables (TEMP: never in the file), dropped first if left over.
-- reprice_groups: the (provider, request model, response model, service tier) keys selected for
-- re-pricing, numbered; reprice_new: the new costs (nano-dollars) of the calls whose price changed;
-- reprice_call_deltas: what each re-priced call changes in the roll-ups (the roll-up keys it is
-- counted under, as dict ids, and its cost deltas); reprice_activity_new: the new costs of tool
-- calls (activity rows). reprice_staging (in the file, not TEMP: compressed there, where a temp
-- table would spill uncompressed) takes the changed calls as they will be stored again.
-- Parameters: none.
DROP TABLE IF EXISTS reprice_groups;
DROP TABLE IF EXISTS reprice_new;
DROP TABLE IF EXISTS reprice_call_deltas;
DROP TABLE IF EXISTS reprice_deltas;
DROP TABLE IF EXISTS reprice_activity_new;
DROP TABLE IF EXISTS reprice_activity_deltas;
DROP TABLE IF EXISTS main.reprice_staging;
CREATE TABLE main.reprice_staging AS SELECT * FROM llm_calls_raw LIMIT 0;
CREATE TEMP TABLE reprice_groups (
  g INTEGER NOT NULL,
  provider_k INTEGER NOT NULL,
  request_model_k INTEGER NOT NULL,
  response_model_k INTEGER NOT NULL,
  service_tier_k INTEGER,
  needs_attributes BOOLEAN NOT NULL          -- per-image/page/second prices read span attributes
);
CREATE TEMP TABLE reprice_new (
  rid BIGINT NOT NULL,                       -- llm_calls_raw.rowid when read, and what that row held:
  span_id UBIGINT NOT NULL,                  -- a checkpoint that reclaims deleted rows renumbers the
  start_us BIGINT NOT NULL,                  -- rows after them, and the writes must not follow a stale rid
  input_cost BIGINT,                         -- nano-dollars, NULL when unpriced
  output_cost BIGINT,
  cache_read_cost BIGINT,
  cache_write_cost BIGINT,
  reasoning_cost BIGINT,
  other_cost BIGINT,
  total_cost BIGINT,
  priced_model_k INTEGER,
  price_source_k INTEGER NOT NULL
);
CREATE TEMP TABLE reprice_call_deltas (
  g INTEGER NOT NULL,                        -- reprice_groups.g: provider and model
  tenant_k INTEGER NOT NULL,
  agent_k INTEGER NOT NULL,
  category_k INTEGER NOT NULL,
  task_type_k INTEGER,
  status_k INTEGER NOT NULL,
  is_retry BOOLEAN NOT NULL,
  run_id VARCHAR NOT NULL,
  start_us BIGINT NOT NULL,
  unpriced INTEGER NOT NULL,                 -- +1 no longer priced, -1 priced now
  input_cost BIGINT NOT NULL,                -- new less old, nano-dollars (unpriced = 0)
  output_cost BIGINT NOT NULL,
  cache_read_cost BIGINT NOT NULL,
  cache_write_cost BIGINT NOT NULL,
  total_cost BIGINT NOT NULL
);
CREATE TEMP TABLE reprice_activity_new (
  rid BIGINT NOT NULL,                       -- activity.rowid
  old_cost DOUBLE,                           -- nano-dollars (integers), NULL when unpriced
  cost DOUBLE,
  price_source VARCHAR NOT NULL              -- override | unpriced
);
