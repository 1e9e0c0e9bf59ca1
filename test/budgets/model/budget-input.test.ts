import { describe, expect, it } from 'vitest';
import { parseBudget } from '../../../src/budgets/model/budget-input.js';
import { InputError } from '../../../src/budgets/model/errors.js';

const valid = { name: 'researcher-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 25 };

function fieldOf(input: unknown): string {
  try {
    parseBudget(input);
  } catch (error) {
    if (error instanceof InputError) return error.field;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('budget input', () => {
  it('fills the documented defaults and converts money to nano-dollars', () => {
    const { name, settings } = parseBudget(valid);
    expect(name).toBe('researcher-daily');
    expect(settings).toEqual({
      scope: 'agent',
      target: 'researcher',
      period: 'daily',
      limitNanos: 25_000_000_000,
      thresholds: [50, 80, 95, 100],
      policy: 'soft',
      timezone: 'UTC',
      webhooks: [],
      emails: [],
      parent: null,
      overrunPolicy: 'allow',
      approvalThresholdNanos: null,
    });
  });

  it('sorts thresholds and keeps sub-cent limits exact', () => {
    const { settings } = parseBudget({ ...valid, limit_usd: 0.000000123, thresholds: [100, 25, 75.5] });
    expect(settings.thresholds).toEqual([25, 75.5, 100]);
    expect(settings.limitNanos).toBe(123);
  });

  it.each([
    ['negative limit', { ...valid, limit_usd: -1 }, 'limit_usd'],
    ['zero limit', { ...valid, limit_usd: 0 }, 'limit_usd'],
    ['limit too large for DECIMAL(18,9)', { ...valid, limit_usd: 2e9 }, 'limit_usd'],
    ['unknown scope', { ...valid, scope: 'galaxy' }, 'scope'],
    ['unknown period', { ...valid, period: 'hourly' }, 'period'],
    ['threshold above 1000%', { ...valid, thresholds: [50, 2000] }, 'thresholds[1]'],
    ['threshold of 0%', { ...valid, thresholds: [0, 50] }, 'thresholds[0]'],
    ['duplicate thresholds', { ...valid, thresholds: [50, 50] }, 'thresholds'],
    ['unknown policy', { ...valid, policy: 'panic' }, 'policy'],
    ['org budget with a target', { ...valid, scope: 'org' }, 'target'],
    ['agent budget without a target', { name: 'x', scope: 'agent', period: 'daily', limit_usd: 1 }, 'target'],
    ['run budget that is not per_run', { name: 'x', scope: 'run', period: 'daily', limit_usd: 1 }, 'period'],
    ['per_run model budget', { name: 'x', scope: 'model', target: 'gpt-4o', period: 'per_run', limit_usd: 1 }, 'period'],
    ['unknown time zone', { ...valid, timezone: 'Mars/Olympus' }, 'timezone'],
    ['webhook that is not http', { ...valid, webhooks: ['ftp://example.com/x'] }, 'webhooks[0]'],
    ['bad email', { ...valid, emails: ['not-an-address'] }, 'emails[0]'],
    ['unknown field', { ...valid, colour: 'red' }, 'colour'],
    ['tenant in the body', { ...valid, tenant: 'other' }, 'tenant'],
    ['missing name', { scope: 'org', period: 'daily', limit_usd: 1 }, 'name'],
    ['name with a slash', { ...valid, name: 'a/b' }, 'name'],
    ['own parent', { ...valid, parent: 'researcher-daily' }, 'parent'],
    ['negative approval threshold', { ...valid, approval_threshold_usd: -5 }, 'approval_threshold_usd'],
  ])('refuses a %s, naming %s', (_case, input, field) => {
    expect(fieldOf(input)).toBe(field);
  });
});
