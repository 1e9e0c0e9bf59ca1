import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, spend } from '../budgets/support/calls.js';
import { manualClock, startApi, startBudgets, type Api, type Harness } from '../budgets/support/harness.js';
import { startReceiver } from '../budgets/support/receiver.js';

interface AccountBody {
  agent: string;
  balance_usd: number;
  credited_usd: number;
  spent_usd: number;
  auto_top_up: { mode: string; top_ups_this_month: number; paused: boolean } | null;
  ledger: { data: Array<{ kind: string; amount_usd: number; balance_usd: number; note: string | null }>; pagination: { total: number } };
}
interface ErrorBody {
  error: { message: string };
}

describe('credits and auto top-up', () => {
  let h: Harness;
  let api: Api;
  let billing: Awaited<ReturnType<typeof startReceiver>>;
  const clock = manualClock('2026-11-20T12:00:00Z');
  const account = () => api.request<AccountBody>('GET', '/v1/credits/researcher');
  const burn = (amount: number) => h.budgets.onCommit(batch(spend(amount, clock())));

  beforeAll(async () => {
    billing = await startReceiver();
    h = await startBudgets({ clock });
    api = await startApi(h.budgets);
  });
  afterAll(async () => {
    await api.stop();
    await h.stop();
    h.cleanup();
    await billing.close();
  });

  it('adds credit that spend draws down', async () => {
    const added = await api.request<AccountBody>('POST', '/v1/credits/researcher', { amount_usd: 10, reference: 'invoice-1' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ agent: 'researcher', balance_usd: 10, credited_usd: 10, spent_usd: 0, auto_top_up: null });
    burn(3);
    h.budgets.onCommit(batch(spend(50, clock(), { agent: 'writer' })));
    const got = await account();
    expect(got.body).toMatchObject({ balance_usd: 7, spent_usd: 3 });
    expect(got.body.ledger.data.map((e) => [e.kind, e.amount_usd, e.balance_usd])).toEqual([['credit', 10, 10]]);
  });

  it('stops an agent with 402 when an estimate exceeds its balance', async () => {
    const denied = await api.request('GET', '/v1/budgets/check?agent=researcher&estimated_cost=8');
    expect(denied.status).toBe(402);
    expect(denied.body).toMatchObject({ reason: 'credits_exhausted', credits_agent: 'researcher', limit_usd: 10, spent_usd: 3 });
    const allowed = await api.request('GET', '/v1/budgets/check?agent=researcher&estimated_cost=5');
    expect(allowed.body).toMatchObject({ allowed: true, remaining_usd: 2, cacheable: false });
  });

  it('tops up below the threshold, records it and tells the billing system', async () => {
    const set = await api.request<AccountBody>('PUT', '/v1/credits/researcher/auto-top-up', { mode: 'threshold', below_usd: 5, amount_usd: 10, max_per_month: 2, webhook_url: billing.url('/billing') });
    expect(set.status).toBe(200);
    burn(3);
    await billing.waitFor(1);
    expect(billing.received[0]!.json).toMatchObject({ type: 'credits.top_up', agent: 'researcher', amount_usd: 10, balance_usd: 14, top_ups_this_month: 1 });
    const got = await account();
    expect(got.body).toMatchObject({ balance_usd: 14, auto_top_up: { mode: 'threshold', top_ups_this_month: 1, paused: false } });
    expect(got.body.ledger.data[0]).toMatchObject({ kind: 'top_up', amount_usd: 10, balance_usd: 14 });
  });

  it('pauses after the monthly cap, alerts a human once, and resumes next month', async () => {
    burn(10);
    await billing.waitFor(2);
    burn(10);
    await billing.waitFor(3);
    burn(0.5);
    await h.budgets.settled();
    expect(billing.received.map((r) => r.json.type)).toEqual(['credits.top_up', 'credits.top_up', 'credits.top_up_paused']);
    const got = await account();
    expect(got.body).toMatchObject({ balance_usd: 3.5, auto_top_up: { top_ups_this_month: 2, paused: true } });
    expect(got.body.ledger.data.map((e) => e.kind)).toEqual(['top_up_paused', 'top_up', 'top_up', 'credit']);
    const notes = await api.request<{ data: Array<{ kind: string; severity: string }> }>('GET', '/v1/notifications');
    expect(notes.body.data[0]).toMatchObject({ kind: 'credits.top_up_paused', severity: 'critical' });

    clock.set('2026-12-01T00:30:00Z');
    burn(0.5);
    await billing.waitFor(4);
    expect(billing.received[3]!.json).toMatchObject({ type: 'credits.top_up', top_ups_this_month: 1, balance_usd: 13 });
  });

  it('names the bad field and answers 404 for an agent without an account', async () => {
    const neg = await api.request<ErrorBody>('POST', '/v1/credits/researcher', { amount_usd: -1 });
    expect(neg.status).toBe(400);
    expect(neg.body.error.message).toContain('"amount_usd"');
    const mode = await api.request<ErrorBody>('PUT', '/v1/credits/researcher/auto-top-up', { mode: 'threshold', amount_usd: 5, max_per_month: 1 });
    expect(mode.body.error.message).toContain('"below_usd"');
    expect((await api.request('GET', '/v1/credits/nobody')).status).toBe(404);
  });
});
