import { describe, expect, it } from 'vitest';
import { BudgetRegistry } from '../../../src/budgets/engine/budget-registry.js';
import { BudgetEngine, type Crossing } from '../../../src/budgets/engine/engine.js';
import { parseBudget } from '../../../src/budgets/model/budget-input.js';
import type { Budget } from '../../../src/budgets/model/budget.js';
import { RunUsageStore } from '../../../src/budgets/spend/run-usage.js';
import { UsageWindow } from '../../../src/budgets/spend/usage-window.js';
import { batch, spend } from '../support/calls.js';
import { manualClock } from '../support/harness.js';

function budget(input: Record<string, unknown>): Budget {
  const { name, settings } = parseBudget(input);
  return { id: `bgt_${name}`, tenant: 'default', name, source: 'api', createdMs: 0, updatedMs: 0, ...settings };
}

function setup(budgets: Budget[], startIso = '2026-11-20T10:00:00Z', runs = new RunUsageStore()) {
  const clock = manualClock(startIso);
  const registry = new BudgetRegistry();
  registry.load(budgets);
  const engine = new BudgetEngine(registry, new UsageWindow(), runs, clock);
  const crossings: Crossing[] = [];
  engine.connect({ crossed: (c) => crossings.push(...c) });
  const fired = () => crossings.map((c) => `${c.spend.budget.name} ${c.spend.periodKey} ${c.threshold}`);
  const spent = (b: Budget, runId?: string) => engine.spendAt(registry.get(b.id)!, clock(), runId)?.state.totals;
  return { clock, registry, engine, crossings, fired, spent };
}

const daily = budget({ name: 'researcher-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 10 });

describe('budget engine', () => {
  it('fires each threshold once, at the commit that crosses it', () => {
    const { engine, clock, fired } = setup([daily]);
    engine.onCommit(batch(spend(4, clock())));
    expect(fired()).toEqual([]);
    engine.onCommit(batch(spend(1, clock())));
    expect(fired()).toEqual(['researcher-daily 2026-11-20 50']);
    engine.onCommit(batch(spend(0.5, clock())));
    expect(fired()).toHaveLength(1);
  });

  it('gives one alert per threshold when one batch jumps several, in ascending order', () => {
    const { engine, clock, fired } = setup([daily]);
    engine.onCommit(batch(spend(3, clock()), spend(6.7, clock())));
    expect(fired()).toEqual(['researcher-daily 2026-11-20 50', 'researcher-daily 2026-11-20 80', 'researcher-daily 2026-11-20 95']);
    engine.onCommit(batch(spend(0.3, clock())));
    expect(fired().at(-1)).toBe('researcher-daily 2026-11-20 100');
  });

  it('counts only matching calls, and unpriced calls beside the cost', () => {
    const { engine, clock, spent } = setup([daily]);
    engine.onCommit(batch(spend(2, clock()), spend(5, clock(), { agent: 'writer' }), spend(null, clock())));
    expect(spent(daily)).toEqual({ costNanos: 2_000_000_000, calls: 2, unpricedCalls: 1 });
  });

  it('starts a new period at the calendar boundary of the budget time zone, without zeroing anything', () => {
    const tokyo = budget({ name: 'tokyo', scope: 'org', period: 'daily', limit_usd: 10, timezone: 'Asia/Tokyo' });
    const { engine, clock, fired, spent } = setup([tokyo], '2026-11-20T14:30:00Z');
    engine.onCommit(batch(spend(6, clock())));
    expect(fired()).toEqual(['tokyo 2026-11-20 50']);
    clock.set('2026-11-20T15:00:00Z'); // midnight in Tokyo
    expect(spent(tokyo)?.costNanos).toBe(0);
    engine.onCommit(batch(spend(6, clock())));
    expect(fired()).toEqual(['tokyo 2026-11-20 50', 'tokyo 2026-11-21 50']);
  });

  it('starts a day inside a UTC hour in zones offset by half an hour, counting none of the day before', () => {
    // Midnight in India is 18:30 UTC: the 18:00-19:00 UTC hour belongs to two days.
    const india = budget({ name: 'india', scope: 'org', period: 'daily', limit_usd: 10, timezone: 'Asia/Kolkata' });
    const nepal = budget({ name: 'nepal', scope: 'org', period: 'daily', limit_usd: 10, timezone: 'Asia/Kathmandu' });
    const { engine, clock, spent } = setup([india, nepal], '2026-11-20T18:10:00Z');
    engine.onCommit(batch(spend(3, clock())));
    clock.set('2026-11-20T18:20:00Z');
    engine.onCommit(batch(spend(1, clock())));
    clock.set('2026-11-20T18:40:00Z');
    engine.onCommit(batch(spend(2, clock())));
    expect(spent(india)?.costNanos).toBe(2_000_000_000);
    // Nepal (UTC+5:45) began its day at 18:15 UTC.
    expect(spent(nepal)?.costNanos).toBe(3_000_000_000);
    expect(engine.spendAt(india, Date.parse('2026-11-20T18:00:00Z'))?.state.totals.costNanos).toBe(4_000_000_000);
  });

  it('puts a late span in the period it belongs to', () => {
    const { engine, clock, spent } = setup([daily], '2026-11-21T00:00:05Z');
    engine.onCommit(batch(spend(3, Date.parse('2026-11-20T23:59:59Z')), spend(1, clock())));
    expect(spent(daily)?.costNanos).toBe(1_000_000_000);
    expect(engine.spendAt(daily, Date.parse('2026-11-20T12:00:00Z'))?.state.totals.costNanos).toBe(3_000_000_000);
  });

  it('counts backfilled spans of a finished period without alerting about it', () => {
    const { engine, clock, fired } = setup([daily], '2026-11-21T08:00:00Z');
    engine.onCommit(batch(spend(9.9, Date.parse('2026-11-20T12:00:00Z'))));
    expect(engine.spendAt(daily, Date.parse('2026-11-20T12:00:00Z'))?.state.totals.costNanos).toBe(9_900_000_000);
    expect(fired()).toEqual([]);
    engine.onCommit(batch(spend(6, clock())));
    expect(fired()).toEqual(['researcher-daily 2026-11-21 50']);
  });

  it('keeps weekly and monthly periods across days', () => {
    const weekly = budget({ name: 'weekly', scope: 'model', target: 'gpt-4o-2024-08-06', period: 'weekly', limit_usd: 100 });
    const monthly = budget({ name: 'monthly', scope: 'task_type', target: 'research', period: 'monthly', limit_usd: 100 });
    const { engine, clock, spent } = setup([weekly, monthly], '2026-11-16T09:00:00Z');
    engine.onCommit(batch(spend(10, clock())));
    clock.set('2026-11-22T20:00:00Z');
    engine.onCommit(batch(spend(5, clock()), spend(7, clock(), { responseModel: 'claude-sonnet-4', taskType: 'writing' })));
    expect(spent(weekly)?.costNanos).toBe(15_000_000_000);
    expect(spent(monthly)?.costNanos).toBe(15_000_000_000);
    clock.set('2026-11-23T00:00:00Z');
    expect(spent(weekly)?.costNanos).toBe(0);
    expect(spent(monthly)?.costNanos).toBe(15_000_000_000);
  });

  it('rolls child agent spend up into the parent agent budget', () => {
    const lead = budget({ name: 'lead', scope: 'agent', target: 'lead', period: 'daily', limit_usd: 10 });
    const sub = budget({ name: 'sub', scope: 'agent', target: 'helper', period: 'daily', limit_usd: 4, parent: 'lead' });
    const { engine, clock, spent, fired } = setup([lead, sub]);
    engine.onCommit(batch(spend(3, clock(), { agent: 'lead' }), spend(2.5, clock(), { agent: 'helper' })));
    expect(spent(lead)?.costNanos).toBe(5_500_000_000);
    expect(spent(sub)?.costNanos).toBe(2_500_000_000);
    expect(fired()).toEqual(['lead 2026-11-20 50', 'sub 2026-11-20 50']);
  });

  it('gives each run its own ceiling under a per_run budget', () => {
    const perRun = budget({ name: 'per-run', scope: 'run', period: 'per_run', limit_usd: 1 });
    const oneRun = budget({ name: 'run-7', scope: 'run', target: 'run-7', period: 'per_run', limit_usd: 5 });
    const agentRun = budget({ name: 'writer-per-run', scope: 'agent', target: 'writer', period: 'per_run', limit_usd: 2 });
    const { engine, clock, spent, fired } = setup([perRun, oneRun, agentRun]);
    engine.onCommit(batch(spend(0.6, clock(), { runId: 'run-1' }), spend(0.4, clock(), { runId: 'run-2' }), spend(1.2, clock(), { runId: 'run-7', agent: 'writer' })));
    expect(spent(perRun, 'run-1')?.costNanos).toBe(600_000_000);
    expect(spent(perRun, 'run-2')?.costNanos).toBe(400_000_000);
    expect(spent(oneRun, 'run-7')?.costNanos).toBe(1_200_000_000);
    expect(spent(oneRun, 'run-1')?.costNanos).toBe(0);
    expect(spent(agentRun, 'run-7')?.costNanos).toBe(1_200_000_000);
    expect(spent(perRun)).toBeUndefined();
    expect(fired().sort()).toEqual(['per-run run:run-1 50', 'per-run run:run-7 100', 'per-run run:run-7 50', 'per-run run:run-7 80', 'per-run run:run-7 95', 'writer-per-run run:run-7 50']);
  });

  it('gives a budget created mid-period the spend already committed in the period', () => {
    const { engine, clock, registry, spent } = setup([]);
    engine.onCommit(batch(spend(2, clock() - 3_600_000), spend(3, clock())));
    const late = budget({ name: 'late', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 10 });
    registry.put(late);
    expect(spent(late)?.costNanos).toBe(5_000_000_000);
  });

  it('fires what a lowered limit makes due, once, and nothing again after raising it', () => {
    const { engine, clock, registry, fired } = setup([daily]);
    engine.onCommit(batch(spend(6, clock())));
    expect(fired()).toEqual(['researcher-daily 2026-11-20 50']);
    registry.put({ ...daily, limitNanos: 6_000_000_000 });
    engine.evaluateAll();
    expect(fired()).toEqual(['researcher-daily 2026-11-20 50', 'researcher-daily 2026-11-20 80', 'researcher-daily 2026-11-20 95', 'researcher-daily 2026-11-20 100']);
    registry.put({ ...daily, limitNanos: 100_000_000_000 });
    engine.evaluateAll();
    registry.put({ ...daily, limitNanos: 6_000_000_000 });
    engine.evaluateAll();
    expect(fired()).toHaveLength(4);
  });

  it('lets a threshold fire again when its alert could not be stored', () => {
    const { engine, clock, crossings, fired } = setup([daily]);
    engine.onCommit(batch(spend(5, clock())));
    engine.unmarkFired(crossings[0]!);
    engine.onCommit(batch(spend(0.1, clock())));
    expect(fired()).toEqual(['researcher-daily 2026-11-20 50', 'researcher-daily 2026-11-20 50']);
  });

  it("holds each tenant's most recently active runs up to a bound, forgetting the least recent and its alerts", () => {
    const perRun = budget({ name: 'per-run', scope: 'run', period: 'per_run', limit_usd: 1 });
    const { engine, clock, spent } = setup([perRun], undefined, new RunUsageStore(3));
    const cost = (runId: string, usd: number) => engine.onCommit(batch(spend(usd, clock(), { runId })));
    cost('a', 0.6);
    cost('b', 0.1);
    cost('c', 0.1);
    cost('a', 0.1); // a is the most recently active again: b goes first, then c
    cost('d', 0.1);
    cost('e', 0.1);
    const none = { costNanos: 0, calls: 0, unpricedCalls: 0 };
    expect([spent(perRun, 'a'), spent(perRun, 'b'), spent(perRun, 'c'), spent(perRun, 'e')]).toEqual([
      { costNanos: 700_000_000, calls: 2, unpricedCalls: 0 }, none, none, { costNanos: 100_000_000, calls: 1, unpricedCalls: 0 },
    ]);
    expect(engine.firedThresholds(perRun.id, 'run:a')).toEqual([50]);
    cost('f', 0.1); // a is the least recent now
    expect(spent(perRun, 'a')).toEqual(none);
    expect(engine.firedThresholds(perRun.id, 'run:a')).toEqual([]);
  });

  it('forgets old hours, idle runs and their fired thresholds', () => {
    const perRun = budget({ name: 'per-run', scope: 'run', period: 'per_run', limit_usd: 1 });
    const { engine, clock, spent } = setup([perRun, daily]);
    engine.onCommit(batch(spend(0.6, clock(), { runId: 'old-run' })));
    clock.advance(40 * 24 * 3_600_000);
    engine.prune();
    expect(spent(perRun, 'old-run')).toEqual({ costNanos: 0, calls: 0, unpricedCalls: 0 });
    expect(engine.firedThresholds(perRun.id, 'run:old-run')).toEqual([]);
  });
});
