import { describe, expect, it } from 'vitest';
import { budgetState, crossedThresholds, percentUsed } from '../../../src/budgets/engine/thresholds.js';

const USD = 1_000_000_000;

describe('thresholds', () => {
  it.each([
    [4.99, [], []],
    [5, [], [50]],
    [9.7, [], [50, 80, 95]],
    [9.7, [50], [80, 95]],
    [10, [50, 80, 95], [100]],
    [25, [50, 80, 95, 100], []],
  ])('spend $%s with %j fired crosses %j of a $10 budget', (spent, fired, crossed) => {
    expect(crossedThresholds([50, 80, 95, 100], new Set(fired), spent * USD, 10 * USD)).toEqual(crossed);
  });

  it('compares exactly in nano-dollars', () => {
    expect(crossedThresholds([50], undefined, 5 * USD - 1, 10 * USD)).toEqual([]);
    expect(crossedThresholds([33.3], undefined, 333_000_000, USD)).toEqual([33.3]);
  });

  it.each([
    [0, 'ok'],
    [7.99, 'ok'],
    [8, 'warning'],
    [9.5, 'critical'],
    [10, 'exceeded'],
  ] as const)('$%s of $10 is %s', (spent, state) => {
    expect(budgetState(spent * USD, 10 * USD)).toBe(state);
  });

  it('reports percent to four decimals', () => {
    expect(percentUsed(1, 3)).toBe(33.3333);
  });
});
