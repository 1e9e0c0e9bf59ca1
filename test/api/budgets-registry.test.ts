import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, startApi, startBudgets, type Api, type Harness } from '../budgets/support/harness.js';

const ADMIN = 'admin-key-0123456789';
const READ = 'read-key-0123456789';

interface Profile {
  name: string;
  display_name: string | null;
  department: string | null;
  role: string | null;
  monthly_budget_usd: number | null;
  human_equivalent_monthly_cost_usd: number | null;
  created_at: string;
  updated_at: string;
}

describe('agent registry', () => {
  let h: Harness;
  let api: Api;
  const clock = manualClock('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    h = await startBudgets({ clock });
    api = await startApi(h.budgets, [
      { key: ADMIN, tenant: 'default', scopes: ['admin'] },
      { key: READ, tenant: 'default', scopes: ['read'] },
    ]);
  });
  afterAll(async () => {
    await api.stop();
    await h.stop();
    h.cleanup();
  });

  it('sets and replaces a profile with PUT /v1/agents/:name', async () => {
    const put = await api.request<Profile>(
      'PUT',
      '/v1/agents/researcher',
      { display_name: 'Research Bot', department: 'R&D', role: 'analyst', monthly_budget_usd: 500, human_equivalent_monthly_cost_usd: 8000.5 },
      ADMIN,
    );
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      name: 'researcher',
      display_name: 'Research Bot',
      department: 'R&D',
      role: 'analyst',
      monthly_budget_usd: 500,
      human_equivalent_monthly_cost_usd: 8000.5,
      created_at: '2026-11-20T12:00:00.000Z',
      updated_at: '2026-11-20T12:00:00.000Z',
    });
    clock.advance(60_000);
    const replaced = await api.request<Profile>('PUT', '/v1/agents/researcher', { display_name: 'Researcher' }, ADMIN);
    expect(replaced.body).toMatchObject({ display_name: 'Researcher', department: null, monthly_budget_usd: null, created_at: '2026-11-20T12:00:00.000Z', updated_at: '2026-11-20T12:01:00.000Z' });
  });

  it('lists and reads profiles with a read key, filtered by department', async () => {
    await api.request('PUT', '/v1/agents/writer', { department: 'Marketing' }, ADMIN);
    const all = await api.request<{ data: Profile[]; pagination: { total: number } }>('GET', '/v1/registry/agents', undefined, READ);
    expect(all.body.data.map((p) => p.name)).toEqual(['researcher', 'writer']);
    const marketing = await api.request<{ data: Profile[] }>('GET', '/v1/registry/agents?department=Marketing', undefined, READ);
    expect(marketing.body.data.map((p) => p.name)).toEqual(['writer']);
    const one = await api.request<Profile>('GET', '/v1/registry/agents/writer', undefined, READ);
    expect(one.body.department).toBe('Marketing');
  });

  it('needs the admin scope to change profiles, names bad fields, and deletes', async () => {
    expect((await api.request('PUT', '/v1/agents/x', {}, READ)).status).toBe(403);
    const bad = await api.request<{ error: { message: string } }>('PUT', '/v1/agents/x', { monthly_budget_usd: -1 }, ADMIN);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"monthly_budget_usd"');
    expect((await api.request('DELETE', '/v1/agents/writer', undefined, ADMIN)).status).toBe(204);
    expect((await api.request('GET', '/v1/registry/agents/writer', undefined, READ)).status).toBe(404);
    expect((await api.request('DELETE', '/v1/agents/writer', undefined, ADMIN)).status).toBe(404);
  });
});
