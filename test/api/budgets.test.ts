import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batch, spend } from '../budgets/support/calls.js';
import { manualClock, startApi, startBudgets, testConfig, type Api, type Harness } from '../budgets/support/harness.js';

const ADMIN = 'admin-key-0123456789';
const READ = 'read-key-0123456789';
const INGEST = 'ingest-key-0123456789';
const OTHER_ADMIN = 'other-admin-key-0123456789';

interface Page<T> {
  data: T[];
  pagination: { total: number; limit: number; offset: number; has_more: boolean };
}
interface BudgetBody {
  id: string;
  name: string;
  limit_usd: number;
  thresholds: number[];
  source: string;
}
interface StatusBody {
  budget: { name: string };
  spent_usd: number;
  remaining_usd: number;
  percent_used: number;
  state: string;
  unpriced_calls: number;
  resets_at: string | null;
  projection: { estimated_period_total_usd: number | null; hours_until_depleted: number | null; will_exceed: boolean };
  top_cost_drivers: Array<{ model: string | null; cost_usd: number; calls: number }>;
  overage_usd?: number;
  overage_percent?: number;
}
interface ErrorBody {
  error: { code: string; message: string };
}

describe('budgets API', () => {
  let h: Harness;
  let api: Api;
  const clock = manualClock('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    const config = testConfig((c) => {
      c.budgets = [{ tenant: 'default', name: 'org-monthly', scope: 'org', period: 'monthly', limit_usd: 100, thresholds: [50, 80, 95, 100], policy: 'soft', timezone: 'UTC', webhooks: [], emails: [], overrun_policy: 'block' }];
    });
    h = await startBudgets({ clock, config });
    api = await startApi(h.budgets, [
      { key: ADMIN, tenant: 'default', scopes: ['admin'] },
      { key: READ, tenant: 'default', scopes: ['read'] },
      { key: INGEST, tenant: 'default', scopes: ['ingest'] },
      { key: OTHER_ADMIN, tenant: 'acme', scopes: ['admin'] },
    ]);
  });
  /** Undoes a test's clock change even when the test fails. */
  let onExit = () => undefined as void;
  afterEach(() => {
    onExit();
    onExit = () => undefined;
  });
  afterAll(async () => {
    await api.stop();
    await h.stop();
    h.cleanup();
  });

  const researcher = { name: 'researcher-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 25, policy: 'hard', parent: 'org-monthly' };

  it('creates a budget (admin) and lists it beside the config budget', async () => {
    const created = await api.request<BudgetBody>('POST', '/v1/budgets', researcher, ADMIN);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'researcher-daily', limit_usd: 25, thresholds: [50, 80, 95, 100], source: 'api' });
    const list = await api.request<Page<BudgetBody>>('GET', '/v1/budgets', undefined, ADMIN);
    expect(list.body.data.map((b) => [b.name, b.source])).toEqual([
      ['org-monthly', 'config'],
      ['researcher-daily', 'api'],
    ]);
  });

  it.each([
    ['a negative limit', { ...researcher, name: 'n1', limit_usd: -5 }, 'limit_usd'],
    ['an unknown scope', { ...researcher, name: 'n2', scope: 'galaxy' }, 'scope'],
    ['thresholds out of range', { ...researcher, name: 'n3', thresholds: [50, 1500] }, 'thresholds[1]'],
    ['a child over its parent', { ...researcher, name: 'n4', target: 'writer', limit_usd: 80 }, 'limit_usd'],
    ['an unknown parent', { ...researcher, name: 'n5', parent: 'nope' }, 'parent'],
  ])('refuses %s with a 400 naming %s, and changes nothing', async (_case, body, field) => {
    const before = await api.request<Page<BudgetBody>>('GET', '/v1/budgets', undefined, ADMIN);
    const res = await api.request<ErrorBody>('POST', '/v1/budgets', body, ADMIN);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_field');
    expect(res.body.error.message).toContain(`"${field}"`);
    const after = await api.request<Page<BudgetBody>>('GET', '/v1/budgets', undefined, ADMIN);
    expect(after.body).toEqual(before.body);
  });

  it('refuses a bad PATCH with a 400 and keeps the budget as it was', async () => {
    const res = await api.request<ErrorBody>('PATCH', '/v1/budgets/researcher-daily', { limit_usd: -1 }, ADMIN);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('"limit_usd"');
    const child = await api.request<ErrorBody>('PATCH', '/v1/budgets/researcher-daily', { limit_usd: 101 }, ADMIN);
    expect(child.status).toBe(400);
    const got = await api.request<BudgetBody>('GET', '/v1/budgets/researcher-daily', undefined, ADMIN);
    expect(got.body.limit_usd).toBe(25);
  });

  it('answers 409 for a taken name and for changing a config budget, 404 for an unknown one', async () => {
    expect((await api.request('POST', '/v1/budgets', researcher, ADMIN)).status).toBe(409);
    expect((await api.request('PATCH', '/v1/budgets/org-monthly', { limit_usd: 5 }, ADMIN)).status).toBe(409);
    expect((await api.request('DELETE', '/v1/budgets/org-monthly', undefined, ADMIN)).status).toBe(409);
    expect((await api.request('PATCH', '/v1/budgets/nope', { limit_usd: 5 }, ADMIN)).status).toBe(404);
  });

  it('needs the admin scope to manage budgets and keeps tenants apart', async () => {
    expect((await api.request('POST', '/v1/budgets', { ...researcher, name: 'x' }, READ)).status).toBe(403);
    expect((await api.request('GET', '/v1/budgets', undefined, READ)).status).toBe(403);
    expect((await api.request('GET', '/v1/budgets')).status).toBe(401);
    const other = await api.request<Page<BudgetBody>>('GET', '/v1/budgets', undefined, OTHER_ADMIN);
    expect(other.body.data).toEqual([]);
    expect((await api.request('GET', '/v1/budgets/researcher-daily', undefined, OTHER_ADMIN)).status).toBe(404);
  });

  it('reports status with spend, projection, drivers and unpriced calls (read scope)', async () => {
    h.budgets.onCommit(batch(spend(10, clock()), spend(2.5, clock(), { responseModel: 'o3' }), spend(null, clock())));
    const res = await api.request<Page<StatusBody>>('GET', '/v1/budgets/status?budget=researcher-daily', undefined, READ);
    expect(res.status).toBe(200);
    const [s] = res.body.data;
    expect(s).toMatchObject({ spent_usd: 12.5, remaining_usd: 12.5, percent_used: 50, state: 'ok', unpriced_calls: 1, resets_at: '2026-11-21T00:00:00.000Z' });
    expect(s!.projection).toEqual({ rate_usd_per_hour: 1.041666667, estimated_period_total_usd: 25, hours_until_depleted: 12, will_exceed: false });
    expect(s!.top_cost_drivers.map((d) => [d.model, d.cost_usd, d.calls])).toEqual([
      ['gpt-4o-2024-08-06', 10, 2],
      ['o3', 2.5, 1],
    ]);
    const all = await api.request<Page<StatusBody>>('GET', '/v1/budgets/status', undefined, READ);
    expect(all.body.data.map((x) => x.budget.name)).toEqual(['researcher-daily', 'org-monthly']);
  });

  it('stops calls with 402 once a hard budget is spent, until the next period', async () => {
    h.budgets.onCommit(batch(spend(13, clock())));
    const denied = await api.request('GET', '/v1/budgets/check?agent=researcher&estimated_cost=0.01', undefined, INGEST);
    expect(denied.status).toBe(402);
    expect(denied.body).toEqual({
      allowed: false,
      reason: 'limit_reached',
      budget: 'researcher-daily',
      budget_id: expect.any(String),
      credits_agent: null,
      policy: 'hard',
      limit_usd: 25,
      spent_usd: 25.5,
      reserved_usd: 0,
      remaining_usd: 0,
      resets_at: '2026-11-21T00:00:00.000Z',
    });
    const alerts = await api.request<Page<StatusBody>>('GET', '/v1/budgets/alerts', undefined, READ);
    expect(alerts.body.data.map((a) => [a.budget.name, a.overage_usd, a.overage_percent])).toEqual([['researcher-daily', 0.5, 2]]);
    clock.set('2026-11-21T00:00:00Z');
    onExit = () => clock.set('2026-11-20T12:00:00Z');
    const allowed = await api.request('GET', '/v1/budgets/check?agent=researcher&estimated_cost=0.01', undefined, INGEST);
    expect(allowed.status).toBe(200);
    // A hard budget applies: the answer must not be reused for the next call (each reserves its own).
    expect(allowed.body).toMatchObject({ allowed: true, remaining_usd: 24.99, cacheable: false });
    expect((allowed.body.budgets as string[]).sort()).toEqual(['org-monthly', 'researcher-daily']);
    expect(allowed.body.reservation_id).toMatch(/^rsv_/);
  });

  it('lifts the stop when the limit is raised', async () => {
    expect((await api.request('GET', '/v1/budgets/check?agent=researcher', undefined, INGEST)).status).toBe(402);
    const patched = await api.request<BudgetBody>('PATCH', '/v1/budgets/researcher-daily', { limit_usd: 30 }, ADMIN);
    expect(patched.body.limit_usd).toBe(30);
    const res = await api.request('GET', '/v1/budgets/check?agent=researcher', undefined, INGEST);
    expect(res.status).toBe(200);
    expect(res.body.remaining_usd).toBe(4.5);
    // Past 80% of its limit: the caller is warned while it is still let through.
    expect(res.body.warnings).toEqual([{ budget: 'researcher-daily', threshold: 80, spent_usd: 25.5, limit_usd: 30, policy: 'hard', resets_at: '2026-11-21T00:00:00.000Z' }]);
  });

  it('validates check parameters', async () => {
    const res = await api.request<ErrorBody>('GET', '/v1/budgets/check?agent=researcher&estimated_cost=-1', undefined, INGEST);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('"estimated_cost"');
  });

  it('deletes a budget, refusing while it has children', async () => {
    expect((await api.request('DELETE', '/v1/budgets/researcher-daily', undefined, ADMIN)).status).toBe(204);
    expect((await api.request('GET', '/v1/budgets/researcher-daily', undefined, ADMIN)).status).toBe(404);
    await api.request('POST', '/v1/budgets', { name: 'lead', scope: 'agent', target: 'lead', period: 'daily', limit_usd: 5 }, ADMIN);
    await api.request('POST', '/v1/budgets', { name: 'helper', scope: 'agent', target: 'helper', period: 'daily', limit_usd: 1, parent: 'lead' }, ADMIN);
    expect((await api.request('DELETE', '/v1/budgets/lead', undefined, ADMIN)).status).toBe(409);
  });
});
