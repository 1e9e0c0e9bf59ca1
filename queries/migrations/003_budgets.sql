-- 003_budgets: budgets and what they produce: fired thresholds, the alert outbox (webhook and
-- email deliveries, one row per attempt), dashboard notifications, approvals, prepaid credits and
-- the agent registry. Money is DECIMAL(18,9) USD; every timestamp is UTC.

CREATE TABLE IF NOT EXISTS budgets (
  id VARCHAR PRIMARY KEY,
  tenant VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  scope VARCHAR NOT NULL,                   -- org | agent | run | task_type | model
  target VARCHAR,                           -- agent, task type, model or run id; NULL for org and "every run"
  period VARCHAR NOT NULL,                  -- daily | weekly | monthly | per_run
  limit_usd DECIMAL(18, 9) NOT NULL,
  thresholds DOUBLE[] NOT NULL,             -- percent of the limit, ascending
  policy VARCHAR NOT NULL,                  -- soft (alerts only) | hard (the check answers 402)
  timezone VARCHAR NOT NULL,                -- IANA zone of the calendar periods
  webhooks VARCHAR[] NOT NULL,
  emails VARCHAR[] NOT NULL,
  parent VARCHAR,                           -- name of the parent budget (same tenant)
  overrun_policy VARCHAR NOT NULL,          -- allow | block (children must fit in what is left)
  approval_threshold_usd DECIMAL(18, 9),    -- estimated costs above this need an approval
  source VARCHAR NOT NULL,                  -- config | api
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant, name)
);

-- One row per threshold fired, written before any alert about it is sent: at most once per
-- budget, period and threshold.
CREATE TABLE IF NOT EXISTS budget_events (
  id VARCHAR PRIMARY KEY,
  tenant VARCHAR NOT NULL,
  budget_id VARCHAR NOT NULL,
  budget_name VARCHAR NOT NULL,
  period_key VARCHAR NOT NULL,              -- 2026-11-20 | 2026-W47 | 2026-11 | run:<run id>
  threshold DOUBLE NOT NULL,                -- percent
  fired_at TIMESTAMPTZ NOT NULL,
  spent_usd DECIMAL(18, 9) NOT NULL,
  limit_usd DECIMAL(18, 9) NOT NULL,
  percent_used DOUBLE NOT NULL,
  alert VARCHAR NOT NULL,                   -- the alert JSON, as delivered
  UNIQUE (budget_id, period_key, threshold)
);

-- The outbox: every attempt at delivering an alert, approval decision or top-up, by webhook or
-- email. A 'pending' row is an attempt not yet made; on start-up they are resumed.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id VARCHAR PRIMARY KEY,
  seq BIGINT NOT NULL,                      -- creation order of the message; per target, sent in this order
  delivery_id VARCHAR NOT NULL,             -- the message, the same on every attempt (X-Tokentally-Delivery)
  tenant VARCHAR NOT NULL,
  event_type VARCHAR NOT NULL,              -- budget.threshold | approval.requested | approval.decided | credits.top_up | credits.top_up_paused
  event_id VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,                 -- webhook | email
  target VARCHAR NOT NULL,                  -- URL or email address
  payload VARCHAR NOT NULL,                 -- the exact JSON body that is signed and sent
  attempt INTEGER NOT NULL,
  status VARCHAR NOT NULL,                  -- pending | succeeded | failed (retried later) | exhausted
  scheduled_at TIMESTAMPTZ NOT NULL,
  attempted_at TIMESTAMPTZ,
  response_status INTEGER,
  error VARCHAR,
  duration_ms INTEGER,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS notifications (
  id VARCHAR PRIMARY KEY,
  tenant VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  kind VARCHAR NOT NULL,                    -- same values as webhook_deliveries.event_type
  severity VARCHAR NOT NULL,                -- info | warning | critical
  title VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  budget_id VARCHAR,
  data VARCHAR NOT NULL,                    -- the event JSON
  read_at TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS approvals (
  id VARCHAR PRIMARY KEY,
  tenant VARCHAR NOT NULL,
  status VARCHAR NOT NULL,                  -- pending | approved | denied
  agent VARCHAR,
  run_id VARCHAR,
  task_type VARCHAR,
  model VARCHAR,
  operation VARCHAR,
  estimated_cost_usd DECIMAL(18, 9) NOT NULL,
  reason VARCHAR,
  budget_id VARCHAR,
  budget_name VARCHAR,
  callback_url VARCHAR,
  requested_at TIMESTAMPTZ NOT NULL,
  decided_at TIMESTAMPTZ,
  decided_by VARCHAR,
  decision_note VARCHAR,
  used_at TIMESTAMPTZ                       -- when an approved operation passed the budget check
);

-- Prepaid balances: spend of the agent from opened_at on draws the balance down.
CREATE TABLE IF NOT EXISTS credit_accounts (
  tenant VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  opened_at TIMESTAMPTZ NOT NULL,
  top_up_mode VARCHAR,                      -- threshold | predictive; NULL when auto top-up is off
  top_up_below_usd DECIMAL(18, 9),          -- threshold mode: top up when the balance falls below
  top_up_within_hours DOUBLE,               -- predictive mode: top up when projected to run out within
  top_up_amount_usd DECIMAL(18, 9),
  top_up_max_per_month INTEGER,
  top_up_webhook VARCHAR,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant, agent)
);

CREATE TABLE IF NOT EXISTS credits_ledger (
  id VARCHAR PRIMARY KEY,
  tenant VARCHAR NOT NULL,
  agent VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  kind VARCHAR NOT NULL,                    -- credit | top_up | top_up_paused
  amount_usd DECIMAL(18, 9) NOT NULL,
  balance_usd DECIMAL(18, 9) NOT NULL,      -- balance right after this entry
  note VARCHAR,
  reference VARCHAR
);

CREATE TABLE IF NOT EXISTS agents (
  tenant VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  display_name VARCHAR,
  department VARCHAR,
  role VARCHAR,
  monthly_budget_usd DECIMAL(18, 9),
  human_equivalent_monthly_cost_usd DECIMAL(18, 9),
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant, name)
);
