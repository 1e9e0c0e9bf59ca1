-- 002_pricing_overrides: price overrides that win over the catalog while in force.
--
-- Rows with source 'config' mirror pricing.overrides of otel-config.yaml (rewritten at each
-- start-up); rows with source 'api' come from PUT /v1/pricing/overrides. Prices are USD (per
-- million tokens for *_mtok, per unit for per_*), NULL where the override leaves the catalog's
-- price in place. effective_from is inclusive, effective_to exclusive, NULL an open bound.
-- Ranges of one provider and model never overlap (checked before every write).

CREATE TABLE IF NOT EXISTS pricing_overrides (
  id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,                    -- config | api
  provider VARCHAR NOT NULL,                  -- as spans name it, a catalog provider id, or 'tool'
  model VARCHAR NOT NULL,                     -- as spans name it, a catalog model id, or a tool name
  input_mtok DOUBLE,
  output_mtok DOUBLE,
  cache_read_mtok DOUBLE,
  cache_write_mtok DOUBLE,
  per_call DOUBLE,
  per_image DOUBLE,
  per_second DOUBLE,
  per_page DOUBLE,
  effective_from TIMESTAMPTZ,
  effective_to TIMESTAMPTZ,
  note VARCHAR,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
