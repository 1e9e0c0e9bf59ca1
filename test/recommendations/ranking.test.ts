import { describe, expect, it } from 'vitest';
import { bySavings, monthlyNanos, priorityOf, toRecommendation } from '../../src/recommendations/ranking.js';
import type { Finding } from '../../src/recommendations/recommendation.js';
import { inScope, scopeForBudget } from '../../src/recommendations/scope.js';

const finding: Finding = {
  kind: 'retry_waste',
  title: 't',
  problem: 'p',
  solution: 's',
  evidence: {},
  savingsNanos: 7_000,
  baseCostNanos: 21_000,
  periodDays: 7,
  agents: ['a'],
  models: ['m1', 'm2'],
  taskTypes: [],
};

describe('ranking', () => {
  it('states savings per 30 days of the period they were measured in', () => {
    expect(monthlyNanos(7_000, 7)).toBe(30_000);
    expect(monthlyNanos(1, 30)).toBe(1);
    expect(monthlyNanos(10, 7)).toBe(43);
  });

  it('ranks by share of the tenant\'s monthly spend', () => {
    expect(priorityOf(10, 100)).toBe('high');
    expect(priorityOf(9, 100)).toBe('medium');
    expect(priorityOf(2, 100)).toBe('medium');
    expect(priorityOf(1, 100)).toBe('low');
    expect(priorityOf(5, 0)).toBe('low');
  });

  it('turns a finding into a recommendation', () => {
    expect(toRecommendation(finding, 100_000)).toMatchObject({
      id: 'retry_waste/a/*/m1,m2',
      monthlySavingsNanos: 30_000,
      percentReduction: 33.33,
      priority: 'high',
    });
    const a = toRecommendation({ ...finding, savingsNanos: 1 }, 1);
    const b = toRecommendation(finding, 1);
    expect([a, b].sort(bySavings)).toEqual([b, a]);
  });

  it('matches a scope on every dimension given', () => {
    const item = { kind: finding.kind, agents: ['a'], models: ['m1'], taskTypes: ['t'] };
    expect(inScope(item, { tenant: 'x' })).toBe(true);
    expect(inScope(item, { tenant: 'x', agent: 'a', model: 'm1', task_type: 't', kind: 'retry_waste' })).toBe(true);
    expect(inScope(item, { tenant: 'x', agent: 'b' })).toBe(false);
    expect(inScope(item, { tenant: 'x', model: 'm2' })).toBe(false);
    expect(inScope(item, { tenant: 'x', task_type: 'u' })).toBe(false);
    expect(inScope(item, { tenant: 'x', kind: 'batching' })).toBe(false);
  });

  it('scopes a budget alert\'s recommendations to what the budget limits', () => {
    expect(scopeForBudget({ tenant: 'x', scope: 'agent', target: 'a' })).toEqual({ tenant: 'x', agent: 'a' });
    expect(scopeForBudget({ tenant: 'x', scope: 'model', target: 'gpt-4o' })).toEqual({ tenant: 'x', model: 'gpt-4o' });
    expect(scopeForBudget({ tenant: 'x', scope: 'task_type', target: 't' })).toEqual({ tenant: 'x', task_type: 't' });
    expect(scopeForBudget({ tenant: 'x', scope: 'run', target: 'run-1' })).toEqual({ tenant: 'x' });
    expect(scopeForBudget({ tenant: 'x', scope: 'agent', target: null })).toEqual({ tenant: 'x' });
    expect(scopeForBudget({ tenant: 'x', scope: 'org', target: null })).toEqual({ tenant: 'x' });
  });
});
