-- 001_core: the call store, its dictionary, the public llm_calls view, activity, runs and roll-ups.
--
-- The hot table llm_calls_raw is written column-at-a-time by the DuckDB exporter: ids are
-- fixed-width integers, low-cardinality strings are dictionary ids (dict), money is
-- DECIMAL(18,9) (stored by DuckDB as int64 nano-dollars). Users read the llm_calls view, which
-- has the public column names and readable values.

CREATE TABLE IF NOT EXISTS dict (
  id INTEGER PRIMARY KEY,
  value VARCHAR NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS llm_calls_raw (
  trace_hi UBIGINT NOT NULL,
  trace_lo UBIGINT NOT NULL,
  span_id UBIGINT NOT NULL,
  parent_span_id UBIGINT NOT NULL,          -- 0 for a root span
  start_time TIMESTAMPTZ NOT NULL,
  end_time TIMESTAMPTZ NOT NULL,
  tenant_k INTEGER NOT NULL,
  agent_k INTEGER NOT NULL,
  task_type_k INTEGER,
  service_k INTEGER NOT NULL,
  provider_k INTEGER NOT NULL,
  request_model_k INTEGER NOT NULL,
  response_model_k INTEGER NOT NULL,
  priced_model_k INTEGER,
  operation_k INTEGER NOT NULL,
  category_k INTEGER NOT NULL,
  status_k INTEGER NOT NULL,
  error_type_k INTEGER,
  price_source_k INTEGER NOT NULL,
  service_tier_k INTEGER,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  cache_write_1h_tokens BIGINT NOT NULL,
  reasoning_tokens BIGINT NOT NULL,
  input_audio_tokens BIGINT NOT NULL,
  output_audio_tokens BIGINT NOT NULL,
  input_image_tokens BIGINT NOT NULL,
  output_image_tokens BIGINT NOT NULL,
  input_cost DECIMAL(18, 9),
  output_cost DECIMAL(18, 9),
  cache_read_cost DECIMAL(18, 9),
  cache_write_cost DECIMAL(18, 9),
  reasoning_cost DECIMAL(18, 9),
  other_cost DECIMAL(18, 9),
  total_cost DECIMAL(18, 9),
  attempt INTEGER NOT NULL,
  is_retry BOOLEAN NOT NULL,
  request_hash UBIGINT,
  run_id VARCHAR NOT NULL,
  session_id VARCHAR,
  attributes VARCHAR                          -- JSON object of the attributes not mapped above
);

CREATE OR REPLACE VIEW llm_calls AS
SELECT
  printf('%016x%016x', c.trace_hi, c.trace_lo) AS trace_id,
  printf('%016x', c.span_id) AS span_id,
  CASE WHEN c.parent_span_id = 0 THEN NULL ELSE printf('%016x', c.parent_span_id) END AS parent_span_id,
  c.start_time,
  c.end_time,
  tenant.value AS tenant,
  c.run_id,
  agent.value AS agent,
  c.session_id,
  task_type.value AS task_type,
  service.value AS service_name,
  provider.value AS provider,
  request_model.value AS request_model,
  response_model.value AS response_model,
  priced_model.value AS priced_model,
  operation.value AS operation,
  category.value AS category,
  c.input_tokens,
  c.output_tokens,
  c.cache_read_tokens,
  c.cache_write_tokens,
  c.cache_write_1h_tokens,
  c.reasoning_tokens,
  c.input_audio_tokens,
  c.output_audio_tokens,
  c.input_image_tokens,
  c.output_image_tokens,
  c.input_cost,
  c.output_cost,
  c.cache_read_cost,
  c.cache_write_cost,
  c.reasoning_cost,
  c.other_cost,
  c.total_cost,
  price_source.value AS price_source,
  status.value AS status,
  error_type.value AS error_type,
  service_tier.value AS service_tier,
  c.attempt,
  c.is_retry,
  CASE WHEN c.request_hash IS NULL THEN NULL ELSE printf('%016x', c.request_hash) END AS request_hash,
  epoch_ms(c.end_time) - epoch_ms(c.start_time) AS duration_ms,
  c.attributes
FROM llm_calls_raw c
LEFT JOIN dict tenant ON tenant.id = c.tenant_k
LEFT JOIN dict agent ON agent.id = c.agent_k
LEFT JOIN dict task_type ON task_type.id = c.task_type_k
LEFT JOIN dict service ON service.id = c.service_k
LEFT JOIN dict provider ON provider.id = c.provider_k
LEFT JOIN dict request_model ON request_model.id = c.request_model_k
LEFT JOIN dict response_model ON response_model.id = c.response_model_k
LEFT JOIN dict priced_model ON priced_model.id = c.priced_model_k
LEFT JOIN dict operation ON operation.id = c.operation_k
LEFT JOIN dict category ON category.id = c.category_k
LEFT JOIN dict status ON status.id = c.status_k
LEFT JOIN dict error_type ON error_type.id = c.error_type_k
LEFT JOIN dict price_source ON price_source.id = c.price_source_k
LEFT JOIN dict service_tier ON service_tier.id = c.service_tier_k;

-- Tool calls, agent invocations, errors and explicit non-model costs (lower volume: plain rows).
CREATE TABLE IF NOT EXISTS activity (
  trace_id VARCHAR NOT NULL,
  span_id VARCHAR NOT NULL,
  parent_span_id VARCHAR,
  start_time TIMESTAMPTZ NOT NULL,
  end_time TIMESTAMPTZ NOT NULL,
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  session_id VARCHAR,
  task_type VARCHAR,
  event_type VARCHAR NOT NULL,               -- tool_call | agent_invocation | error | cost
  name VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  error_type VARCHAR,
  cost DECIMAL(18, 9),
  duration_ms BIGINT NOT NULL,
  attributes VARCHAR,
  PRIMARY KEY (trace_id, span_id)
);

CREATE OR REPLACE VIEW tool_calls AS SELECT * FROM activity WHERE event_type = 'tool_call';

-- One row per pipeline run, maintained incrementally as calls commit.
CREATE TABLE IF NOT EXISTS runs (
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  start_time TIMESTAMPTZ NOT NULL,
  end_time TIMESTAMPTZ NOT NULL,
  calls BIGINT NOT NULL,
  error_calls BIGINT NOT NULL,
  retry_calls BIGINT NOT NULL,
  unpriced_calls BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  retry_cost DECIMAL(18, 9) NOT NULL,
  failed_cost DECIMAL(18, 9) NOT NULL,
  tool_calls BIGINT NOT NULL,
  tool_cost DECIMAL(18, 9) NOT NULL,
  last_status VARCHAR NOT NULL,               -- status of the latest call seen in the run
  PRIMARY KEY (tenant, run_id)
);

-- Per run and agent: cost and calls, for each agent's share of a run.
CREATE TABLE IF NOT EXISTS run_agents (
  tenant VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  calls BIGINT NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  retry_cost DECIMAL(18, 9) NOT NULL,
  PRIMARY KEY (tenant, run_id, agent)
);

-- Roll-ups maintained as calls commit; analytics answer from these, not from llm_calls.
CREATE TABLE IF NOT EXISTS hourly_usage (
  tenant VARCHAR NOT NULL,
  hour TIMESTAMPTZ NOT NULL,                  -- UTC hour bucket
  agent VARCHAR NOT NULL,
  provider VARCHAR NOT NULL,
  model VARCHAR NOT NULL,                     -- response model, else request model
  category VARCHAR NOT NULL,
  task_type VARCHAR NOT NULL,                 -- '' when none
  calls BIGINT NOT NULL,
  error_calls BIGINT NOT NULL,
  unpriced_calls BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  reasoning_tokens BIGINT NOT NULL,
  input_cost DECIMAL(18, 9) NOT NULL,
  output_cost DECIMAL(18, 9) NOT NULL,
  cache_read_cost DECIMAL(18, 9) NOT NULL,
  cache_write_cost DECIMAL(18, 9) NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  retry_cost DECIMAL(18, 9) NOT NULL,
  PRIMARY KEY (tenant, hour, agent, provider, model, category, task_type)
);

CREATE TABLE IF NOT EXISTS daily_usage (
  tenant VARCHAR NOT NULL,
  day DATE NOT NULL,                          -- UTC day
  agent VARCHAR NOT NULL,
  provider VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  task_type VARCHAR NOT NULL,
  calls BIGINT NOT NULL,
  error_calls BIGINT NOT NULL,
  unpriced_calls BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  reasoning_tokens BIGINT NOT NULL,
  input_cost DECIMAL(18, 9) NOT NULL,
  output_cost DECIMAL(18, 9) NOT NULL,
  cache_read_cost DECIMAL(18, 9) NOT NULL,
  cache_write_cost DECIMAL(18, 9) NOT NULL,
  total_cost DECIMAL(18, 9) NOT NULL,
  retry_cost DECIMAL(18, 9) NOT NULL,
  PRIMARY KEY (tenant, day, agent, provider, model, category, task_type)
);
