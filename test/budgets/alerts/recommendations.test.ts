import { describe, expect, it } from 'vitest';
import { recommendations } from '../../../src/budgets/alerts/recommendations.js';
import type { BudgetStatus } from '../../../src/budgets/engine/status.js';
import { parseBudget } from '../../../src/budgets/model/budget-input.js';

const USD = 1_000_000_000;

function status(overrides: Partial<BudgetStatus>, policy: 'soft' | 'hard' = 'hard'): BudgetStatus {
  const { name, settings } = parseBudget({ name: 'daily', scope: 'org', period: 'daily', limit_usd: 10, policy });
  return {
    budget: { id: 'bgt_1', tenant: 'default', name, source: 'api', createdMs: 0, updatedMs: 0, ...settings },
    periodKey: '2026-11-20',
    startMs: Date.parse('2026-11-20T00:00:00Z'),
    endMs: Date.parse('2026-11-21T00:00:00Z'),
    runId: null,
    spentNanos: 5 * USD,
    reservedNanos: 0,
    remainingNanos: 5 * USD,
    percent: 50,
    state: 'ok',
    calls: 10,
    unpricedCalls: 0,
    projection: { rateNanosPerHour: USD, estimatedTotalNanos: 8 * USD, hoursUntilDepleted: 5, willExceed: false },
    drivers: [{ agent: 'a', model: 'gpt-4o', costNanos: 2 * USD, calls: 4 }],
    firedThresholds: [50],
    ...overrides,
  };
}

describe('recommendations', () => {
  it('has nothing to say about a healthy, evenly spread budget', () => {
    expect(recommendations(status({}))).toEqual([]);
  });

  it('says when and how a hard budget resumes', () => {
    const [first] = recommendations(status({ state: 'exceeded', spentNanos: 11 * USD, percent: 110 }));
    expect(first).toContain('stopped until 2026-11-21T00:00:00.000Z');
    expect(first).toContain('Raise limit_usd');
  });

  it('suggests a hard policy when a soft budget is exceeded', () => {
    expect(recommendations(status({ state: 'exceeded', percent: 120 }, 'soft'))[0]).toContain('set policy to hard');
  });

  it('warns of depletion before the period ends, names the dominant driver and unpriced calls', () => {
    const r = recommendations(
      status({
        projection: { rateNanosPerHour: 1.5 * USD, estimatedTotalNanos: 20 * USD, hoursUntilDepleted: 3.33, willExceed: true },
        drivers: [{ agent: 'researcher', model: 'o3', costNanos: 4 * USD, calls: 2 }],
        unpricedCalls: 7,
      }),
    );
    expect(r).toHaveLength(3);
    expect(r[0]).toContain('runs out in about 3.3 h');
    expect(r[1]).toContain('o3 (agent researcher) accounts for 80%');
    expect(r[2]).toContain('7 calls have no price');
  });
});
