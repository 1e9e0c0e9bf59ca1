import { describe, expect, it } from 'vitest';
import { BudgetChecker, type CheckDecision, type CreditAllowance } from '../../../src/budgets/check/checker.js';
import { ReservationBook } from '../../../src/budgets/check/reservations.js';
import { BudgetRegistry } from '../../../src/budgets/engine/budget-registry.js';
import { BudgetEngine } from '../../../src/budgets/engine/engine.js';
import { parseBudget } from '../../../src/budgets/model/budget-input.js';
import type { Budget } from '../../../src/budgets/model/budget.js';
import { RunUsageStore } from '../../../src/budgets/spend/run-usage.js';
import { UsageWindow } from '../../../src/budgets/spend/usage-window.js';
import { batch, spend } from '../support/calls.js';
import { manualClock } from '../support/harness.js';

const USD = 1_000_000_000;

function budget(input: Record<string, unknown>): Budget {
  const { name, settings } = parseBudget(input);
  return { id: `bgt_${name}`, tenant: 'default', name, source: 'api', createdMs: 0, updatedMs: 0, ...settings };
}

function setup(budgets: Budget[], credits: CreditAllowance[] = []) {
  const clock = manualClock('2026-11-20T10:00:00Z');
  const registry = new BudgetRegistry();
  registry.load(budgets);
  const engine = new BudgetEngine(registry, new UsageWindow(), new RunUsageStore(), clock);
  const reservations = new ReservationBook(300_000, clock);
  const checker = new BudgetChecker(
    engine,
    reservations,
    { allowanceOf: (_t, agent) => credits.find((c) => c.agent === agent) },
    { find: () => undefined, markUsed: () => undefined },
    clock,
  );
  const check = (estimateUsd = 0, dims: { agent?: string; runId?: string; model?: string; taskType?: string } = { agent: 'researcher' }) =>
    checker.check('default', { ...dims, estimatedNanos: Math.round(estimateUsd * USD) });
  const commit = (...calls: Parameters<typeof spend>[]) => {
    const b = batch(...calls.map((c) => spend(...c)));
    for (const c of b.calls) if (c.reservationId) reservations.settle(c.reservationId, c.tenant);
    engine.onCommit(b);
  };
  return { clock, registry, engine, reservations, check, commit };
}

const allowed = (d: CheckDecision) => (d.outcome === 'allowed' ? d : undefined);
const hard = budget({ name: 'hard', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 10, policy: 'hard' });

describe('budget check', () => {
  it('allows, reserves the estimate and reports what remains', () => {
    const { check, commit, clock } = setup([hard]);
    commit([4, clock()]);
    const d = allowed(check(1));
    expect(d?.remainingNanos).toBe(5 * USD);
    expect(d?.reservation?.amountNanos).toBe(USD);
    expect(allowed(check(0))?.remainingNanos).toBe(5 * USD);
  });

  it('answers denied once a hard budget is spent, until the next period', () => {
    const { check, commit, clock } = setup([hard]);
    commit([10, clock()]);
    const d = check();
    expect(d).toMatchObject({ outcome: 'denied', reason: 'limit_reached', limitNanos: 10 * USD, spentNanos: 10 * USD, resetsAtMs: Date.parse('2026-11-21T00:00:00Z') });
    clock.set('2026-11-20T23:59:59Z');
    expect(check().outcome).toBe('denied');
    clock.set('2026-11-21T00:00:00Z');
    expect(check().outcome).toBe('allowed');
  });

  it('answers allowed again once the limit is raised', () => {
    const { check, commit, clock, registry } = setup([hard]);
    commit([10, clock()]);
    expect(check().outcome).toBe('denied');
    registry.put({ ...hard, limitNanos: 20 * USD });
    expect(allowed(check())?.remainingNanos).toBe(10 * USD);
  });

  it('never stops calls for a soft budget, and ignores budgets the call is not under', () => {
    const soft = budget({ name: 'soft', scope: 'org', period: 'daily', limit_usd: 1 });
    const { check, commit, clock } = setup([soft, hard]);
    commit([5, clock()]);
    expect(check(0.5).outcome).toBe('allowed');
    expect(check(100, { agent: 'writer' }).outcome).toBe('allowed');
  });

  it('lets concurrent estimates through only while they fit beside each other', () => {
    const { check, commit, clock } = setup([hard]);
    commit([9.7, clock()]);
    const decisions = Array.from({ length: 50 }, () => check(0.1));
    expect(decisions.filter((d) => d.outcome === 'allowed')).toHaveLength(3);
    expect(decisions.at(-1)).toMatchObject({ outcome: 'denied', reason: 'insufficient_allowance', reservedNanos: 0.3 * USD });
  });

  it('settles a reservation with the actual cost of its span', () => {
    const { check, commit, clock, reservations } = setup([hard]);
    commit([9, clock()]);
    const r = allowed(check(0.8))!.reservation!;
    expect(check(0.5).outcome).toBe('denied');
    commit([0.2, clock(), { reservationId: r.id }]);
    expect(reservations.size).toBe(0);
    expect(allowed(check(0.5))?.remainingNanos).toBe(0.3 * USD);
  });

  it('expires unsettled reservations, so they never cause a false stop', () => {
    const { check, commit, clock } = setup([hard]);
    commit([9, clock()]);
    expect(check(1).outcome).toBe('allowed');
    expect(check(0.01).outcome).toBe('denied');
    clock.advance(300_000);
    expect(check(1).outcome).toBe('allowed');
  });

  it('applies per_run budgets to the run named in the check', () => {
    const perRun = budget({ name: 'per-run', scope: 'run', period: 'per_run', limit_usd: 1, policy: 'hard' });
    const { check, commit, clock } = setup([perRun]);
    commit([1, clock(), { runId: 'run-1' }]);
    expect(check(0, { runId: 'run-1' }).outcome).toBe('denied');
    expect(check(0, { runId: 'run-2' }).outcome).toBe('allowed');
    expect(check(0, {}).outcome).toBe('allowed');
  });

  it('applies model and task type budgets when the check names them', () => {
    const model = budget({ name: 'o3', scope: 'model', target: 'o3', period: 'daily', limit_usd: 1, policy: 'hard' });
    const { check, commit, clock } = setup([model]);
    commit([1, clock(), { responseModel: 'o3' }]);
    expect(check(0, { model: 'o3' }).outcome).toBe('denied');
    expect(check(0, { model: 'gpt-4o' }).outcome).toBe('allowed');
  });

  it('stops an agent whose prepaid balance is used up', () => {
    const credit: CreditAllowance = { agent: 'researcher', key: 'credits|default|researcher', creditedNanos: 2 * USD, spentNanos: 2 * USD };
    const { check } = setup([], [credit]);
    expect(check()).toMatchObject({ outcome: 'denied', reason: 'credits_exhausted', budget: null, creditAgent: 'researcher' });
    credit.creditedNanos = 3 * USD;
    expect(allowed(check(0.5))?.remainingNanos).toBe(0.5 * USD);
  });

  it('asks for an approval above the approval threshold', () => {
    const approving = budget({ name: 'big', scope: 'org', period: 'daily', limit_usd: 100, approval_threshold_usd: 5 });
    const { check } = setup([approving]);
    expect(check(5).outcome).toBe('allowed');
    expect(check(5.01)).toMatchObject({ outcome: 'approval_required', budget: { name: 'big' } });
  });
});
