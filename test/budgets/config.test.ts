import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { BudgetConfig } from '../../src/config/schema.js';
import { createDefaultConfig, validateConfig } from '../../src/budgets/index.js';

const fixture = join(import.meta.dirname, 'testdata', 'budgets.yaml');

describe('budgets and alerts config', () => {
  it('lays the YAML over the defaults', () => {
    const config = loadConfig(fixture, { TT_WEBHOOK_SECRET: 's3cret' });
    expect(config.budgets).toEqual([
      { name: 'org-monthly', scope: 'org', period: 'monthly', limit_usd: 1000, thresholds: [50, 80, 95, 100], policy: 'soft', timezone: 'Europe/Paris', webhooks: [], emails: [], overrun_policy: 'block' },
      { tenant: 'acme', name: 'researcher-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 25, thresholds: [80, 100], policy: 'hard', timezone: 'UTC', webhooks: ['https://hooks.example.com/budget'], emails: [], overrun_policy: 'allow' },
    ]);
    expect(config.alerts).toEqual({
      webhook: { secret: 's3cret', urls: ['https://billing.example.com/tokentally'], max_attempts: 5, initial_backoff_ms: 500, timeout_ms: 5_000 },
      reservation_ttl_seconds: 120,
    });
    expect(() => validateConfig({ budgets: config.budgets, alerts: config.alerts })).not.toThrow();
  });

  it('has working defaults: no budgets, unsigned webhooks, five attempts from one second', () => {
    expect(createDefaultConfig()).toEqual({
      budgets: [],
      alerts: { webhook: { secret: '', urls: [], max_attempts: 5, initial_backoff_ms: 1_000, timeout_ms: 5_000 }, reservation_ttl_seconds: 300 },
    });
  });

  const entry = (o: Partial<BudgetConfig>): BudgetConfig => ({
    tenant: 'default',
    name: 'b',
    scope: 'org',
    period: 'daily',
    limit_usd: 10,
    thresholds: [50, 80, 95, 100],
    policy: 'soft',
    timezone: 'UTC',
    webhooks: [],
    emails: [],
    overrun_policy: 'allow',
    ...o,
  });

  it.each([
    [[entry({ target: 'x' })], 'budgets[0].target'],
    [[entry({}), entry({ timezone: 'Nowhere/Land', name: 'c' })], 'budgets[1].timezone'],
    [[entry({}), entry({})], 'budgets[1].name'],
    [[entry({ overrun_policy: 'block' }), entry({ name: 'child', scope: 'agent', target: 'a', limit_usd: 11, parent: 'b' })], 'budgets[1].limit_usd'],
    [[entry({ name: 'child', scope: 'agent', target: 'a', parent: 'missing' })], 'budgets[0].parent'],
  ])('names the bad key of %j', (budgets, key) => {
    expect(() => validateConfig({ ...createDefaultConfig(), budgets })).toThrow(new RegExp(`^${key.replace(/[[\].]/g, '\\$&')}: `));
  });
});
