import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, spend } from '../budgets/support/calls.js';
import { manualClock, startApi, startBudgets, type Api, type Harness } from '../budgets/support/harness.js';
import { BudgetExceededError } from '../../instrumentation/budget/errors.js';
import { BudgetGuard } from '../../instrumentation/budget/guard.js';

interface CheckBody {
  allowed: boolean;
  reason?: string;
  reservation_id?: string | null;
  remaining_usd?: number;
}

describe('budget check under concurrency', () => {
  let h: Harness;
  let api: Api;
  const clock = manualClock('2026-11-20T12:00:00Z');
  let reservationIds: string[] = [];

  beforeAll(async () => {
    h = await startBudgets({ clock });
    api = await startApi(h.budgets);
    await h.budgets.admin.create('default', { name: 'hard-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 10, policy: 'hard' });
    h.budgets.onCommit(batch(spend(9.65, clock())));
  });
  afterAll(async () => {
    await api.stop();
    await h.stop();
    h.cleanup();
  });

  it('lets 50 concurrent checks against a nearly spent hard budget reserve no more than what remains', async () => {
    const estimate = 0.05;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.request<CheckBody>('GET', `/v1/budgets/check?agent=researcher&estimated_cost=${estimate}`)),
    );
    const allowed = answers.filter((a) => a.status === 200);
    const denied = answers.filter((a) => a.status === 402);
    expect(allowed.length + denied.length).toBe(50);
    // $0.35 remain: seven $0.05 estimates fit, and together they never exceed it.
    expect(allowed).toHaveLength(7);
    expect(allowed.length * estimate).toBeLessThanOrEqual(0.35 + 1e-9);
    expect(new Set(allowed.map((a) => a.body.reservation_id)).size).toBe(7);
    expect(denied.every((a) => a.body.reason === 'insufficient_allowance')).toBe(true);
    expect(Math.min(...allowed.map((a) => a.body.remaining_usd ?? Infinity))).toBe(0);
    reservationIds = allowed.map((a) => String(a.body.reservation_id));
  });

  it('frees the allowance when the reserved calls arrive at their actual cost', async () => {
    expect(h.budgets.reservations.size).toBe(7);
    // The seven calls cost $0.01 each, not the $0.05 estimated: $0.28 remains.
    h.budgets.onCommit(batch(...reservationIds.map((id) => spend(0.01, clock(), { reservationId: id }))));
    expect(h.budgets.reservations.size).toBe(0);
    const r = await api.request<CheckBody>('GET', '/v1/budgets/check?agent=researcher');
    expect(r.body).toMatchObject({ allowed: true, remaining_usd: 0.28 });
  });
});

/**
 * Two agent processes under one hard budget, each with the instrumentation's budget guard and its
 * answer cache at the default: together they may reserve no more than what remains.
 */
describe('budget guards of two agents under one hard budget', () => {
  let h: Harness;
  let api: Api;
  const clock = manualClock('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    h = await startBudgets({ clock });
    api = await startApi(h.budgets);
    await h.budgets.admin.create('default', { name: 'hard-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 1, policy: 'hard' });
    await h.budgets.admin.create('default', { name: 'writer-soft', scope: 'agent', target: 'writer', period: 'daily', limit_usd: 1 });
    h.budgets.onCommit(batch(spend(0.98, clock())));
  });
  afterAll(async () => {
    await api.stop();
    await h.stop();
    h.cleanup();
  });

  const guard = () => new BudgetGuard({ endpoint: { baseUrl: api.url, timeoutMs: 2_000 }, failMode: 'closed', cacheMs: 2_000, estimate: async () => 0.004 });
  const call = { provider: 'openai', model: 'gpt-4o-mini', requestChars: 400 };

  it('never lets them together spend more than the $0.02 left: five $0.004 calls, each reserved', async () => {
    const [a, b] = [guard(), guard()];
    const decisions: Array<{ reservationId?: string } | 'denied'> = [];
    for (let i = 0; i < 12; i++) {
      const g = i % 2 === 0 ? a : b;
      decisions.push(await g.beforeModelCall(call, { agent: 'researcher', runId: 'r', taskType: 't' }).catch((e: unknown) => (e instanceof BudgetExceededError ? 'denied' : Promise.reject(e))));
    }
    const allowed = decisions.filter((d) => d !== 'denied');
    expect(allowed).toHaveLength(5);
    expect(allowed.every((d) => typeof d.reservationId === 'string')).toBe(true);
    expect(h.budgets.reservations.size).toBe(5);
  });

  it('reuses an answer where nothing could stop the call: no hard budget, credits or approval applies', async () => {
    const g = guard();
    const before = h.budgets.reservations.size;
    for (let i = 0; i < 5; i++) await g.beforeModelCall(call, { agent: 'writer', runId: 'r', taskType: 't' });
    // The first answer is reused for the other four: one check, one reservation.
    expect(h.budgets.reservations.size - before).toBe(1);
  });
});
