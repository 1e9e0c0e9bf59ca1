import { describe, expect, it } from 'vitest';
import { BudgetRegistry } from '../../../src/budgets/engine/budget-registry.js';
import { parseBudget } from '../../../src/budgets/model/budget-input.js';
import type { Budget } from '../../../src/budgets/model/budget.js';
import { checkHierarchy } from '../../../src/budgets/model/hierarchy.js';
import { InputError } from '../../../src/budgets/model/errors.js';

function budget(input: Record<string, unknown>, id = `bgt_${String(input.name)}`): Budget {
  const { name, settings } = parseBudget(input);
  return { id, tenant: 'default', name, source: 'api', createdMs: 0, updatedMs: 0, ...settings };
}

function candidate(input: Record<string, unknown>, id: string | null = null) {
  const { name, settings } = parseBudget(input);
  return { tenant: 'default', name, id, settings };
}

function refusal(fn: () => void): { field: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

const org = budget({ name: 'org-monthly', scope: 'org', period: 'monthly', limit_usd: 100, overrun_policy: 'block' });
const lead = budget({ name: 'lead', scope: 'agent', target: 'lead', period: 'monthly', limit_usd: 60, parent: 'org-monthly' });
const registry = new BudgetRegistry();
registry.load([org, lead]);

describe('budget hierarchy', () => {
  it('lets a child take what its blocking parent has left', () => {
    expect(() => checkHierarchy(candidate({ name: 'writer', scope: 'agent', target: 'writer', period: 'monthly', limit_usd: 40, parent: 'org-monthly' }), registry)).not.toThrow();
  });

  it('refuses a child over the remaining allocation of a blocking parent, naming limit_usd', () => {
    const r = refusal(() => checkHierarchy(candidate({ name: 'writer', scope: 'agent', target: 'writer', period: 'monthly', limit_usd: 40.01, parent: 'org-monthly' }), registry));
    expect(r.field).toBe('limit_usd');
    expect(r.message).toContain('$40 of $100');
  });

  it('counts a changed child against its siblings only, not against its old self', () => {
    expect(() => checkHierarchy(candidate({ name: 'lead', scope: 'agent', target: 'lead', period: 'monthly', limit_usd: 100, parent: 'org-monthly' }, lead.id), registry)).not.toThrow();
  });

  it('refuses to shrink a blocking parent below what its children hold', () => {
    const r = refusal(() => checkHierarchy(candidate({ name: 'org-monthly', scope: 'org', period: 'monthly', limit_usd: 50, overrun_policy: 'block' }, org.id), registry));
    expect(r.field).toBe('limit_usd');
  });

  it('allows any child limit under a parent whose overrun policy is allow', () => {
    expect(() => checkHierarchy(candidate({ name: 'sub', scope: 'agent', target: 'sub', period: 'monthly', limit_usd: 500, parent: 'lead' }), registry)).not.toThrow();
  });

  it.each([
    ['a missing parent', { name: 'x', scope: 'agent', target: 'x', period: 'daily', limit_usd: 1, parent: 'nope' }],
    ['a non-agent child under an agent parent', { name: 'x', scope: 'model', target: 'gpt-4o', period: 'daily', limit_usd: 1, parent: 'lead' }],
  ])('refuses %s, naming parent', (_case, input) => {
    expect(refusal(() => checkHierarchy(candidate(input), registry)).field).toBe('parent');
  });

  it('refuses a cycle', () => {
    const r = refusal(() => checkHierarchy(candidate({ name: 'org-monthly', scope: 'org', period: 'monthly', limit_usd: 100, parent: 'lead' }, org.id), registry));
    expect(r.field).toBe('parent');
  });

  it('rolls child agents up into the parent agent', () => {
    const sub = budget({ name: 'sub', scope: 'agent', target: 'sub', period: 'daily', limit_usd: 1, parent: 'lead' });
    const r = new BudgetRegistry();
    r.load([org, lead, sub]);
    expect(r.termsOf(r.get(lead.id)!)).toEqual([
      { scope: 'agent', target: 'lead' },
      { scope: 'agent', target: 'sub' },
    ]);
    expect(r.termsOf(r.get(org.id)!)).toEqual([{ scope: 'org', target: null }]);
  });
});
