import { describe, expect, it } from 'vitest';
import { demoBudgets, supportMonthlyBudgetUsd } from '../../src/demo/demo-budgets.js';
import { planDemo } from '../../src/demo/plan.js';
import { walk } from '../../src/demo/span-spec.js';

const NOW = Date.parse('2026-03-18T15:30:00Z');

describe('demo budgets', () => {
  const plan = planDemo({ seed: 42, days: 30, runsPerDay: 10, nowMs: NOW });
  const spentThisMonth = plan.runs
    .flatMap((r) => [...walk(r.root)])
    .filter((s) => s.startMs >= Date.parse('2026-03-01T00:00:00Z'))
    .reduce((sum, s) => sum + (s.costNanos ?? 0), 0) / 1e9;

  it('puts the org month in the warning band and gives every budget the API shape', () => {
    const budgets = demoBudgets(plan);
    expect(budgets.map((b) => b.name)).toEqual(['org-monthly', 'researcher-daily', 'writer-weekly']);
    const org = budgets[0]!;
    expect(spentThisMonth / org.limit_usd).toBeGreaterThanOrEqual(0.8);
    expect(spentThisMonth / org.limit_usd).toBeLessThan(0.95);
    for (const b of budgets) {
      expect(b.limit_usd).toBeGreaterThan(0);
      expect(b.thresholds).toEqual([50, 80, 95, 100]);
      if (b.scope === 'org') expect(b.target).toBeUndefined();
      else expect(['researcher', 'writer']).toContain(b.target);
    }
    expect(budgets[1]!.policy).toBe('hard');
  });

  it('rounds limits up to two significant digits', () => {
    for (const usd of [...demoBudgets(plan).map((b) => b.limit_usd), supportMonthlyBudgetUsd(plan)]) {
      expect(usd).toBeGreaterThan(0);
      expect(Number(usd.toPrecision(2))).toBe(usd);
    }
  });
});
