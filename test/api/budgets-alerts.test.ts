import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, spend } from '../budgets/support/calls.js';
import { manualClock, startApi, startBudgets, type Api, type Harness } from '../budgets/support/harness.js';
import { startReceiver } from '../budgets/support/receiver.js';

const ADMIN = 'admin-key-0123456789';
const READ = 'read-key-0123456789';

interface Page<T> {
  data: T[];
  pagination: { total: number; has_more: boolean };
}
interface Notification {
  id: string;
  kind: string;
  severity: string;
  title: string;
  read_at: string | null;
}

describe('alerts, deliveries and notifications API', () => {
  let h: Harness;
  let api: Api;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = manualClock('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    receiver = await startReceiver();
    h = await startBudgets({ clock });
    api = await startApi(h.budgets, [
      { key: ADMIN, tenant: 'default', scopes: ['admin'] },
      { key: READ, tenant: 'default', scopes: ['read'] },
    ]);
    await h.budgets.admin.create('default', { name: 'org-daily', scope: 'org', period: 'daily', limit_usd: 10, thresholds: [50, 100], webhooks: [receiver.url()] });
    receiver.fail(1);
    h.budgets.onCommit(batch(spend(11, clock())));
    await h.budgets.settled();
  });
  afterAll(async () => {
    await api.stop();
    await h.stop();
    h.cleanup();
    await receiver.close();
  });

  it('lists fired alerts, newest first', async () => {
    const res = await api.request<Page<{ threshold_percent: number; budget: { name: string } }>>('GET', '/v1/alerts', undefined, READ);
    expect(res.body.data.map((a) => a.threshold_percent)).toEqual([100, 50]);
    const one = await api.request<Page<{ threshold_percent: number }>>('GET', '/v1/budgets/org-daily/alerts?limit=1', undefined, READ);
    expect(one.body.data).toHaveLength(1);
    expect(one.body.pagination).toMatchObject({ total: 2, has_more: true });
  });

  it('lists every delivery attempt to admins, filtered by status', async () => {
    expect((await api.request('GET', '/v1/alerts/deliveries', undefined, READ)).status).toBe(403);
    const all = await api.request<Page<{ attempt: number; status: string }>>('GET', '/v1/alerts/deliveries', undefined, ADMIN);
    expect(all.body.data.map((d) => d.status).sort()).toEqual(['failed', 'succeeded', 'succeeded']);
    const failed = await api.request<Page<{ attempt: number }>>('GET', '/v1/alerts/deliveries?status=failed', undefined, ADMIN);
    expect(failed.body.data.map((d) => d.attempt)).toEqual([1]);
    const bad = await api.request<{ error: { message: string } }>('GET', '/v1/alerts/deliveries?status=lost', undefined, ADMIN);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"status"');
  });

  it('shows alerts in the notification list and marks them read', async () => {
    const res = await api.request<Page<Notification> & { unread: number }>('GET', '/v1/notifications', undefined, READ);
    expect(res.body.unread).toBe(2);
    expect(res.body.data.map((n) => [n.kind, n.severity])).toEqual([
      ['budget.threshold', 'critical'],
      ['budget.threshold', 'info'],
    ]);
    expect(res.body.data[0]!.title).toBe('Budget "org-daily" reached 100% ($11.00 of $10.00)');
    expect((await api.request('POST', `/v1/notifications/${res.body.data[0]!.id}/read`, undefined, READ)).status).toBe(204);
    const unread = await api.request<Page<Notification> & { unread: number }>('GET', '/v1/notifications?unread=true', undefined, READ);
    expect(unread.body.unread).toBe(1);
    expect(unread.body.data).toHaveLength(1);
    expect((await api.request('POST', '/v1/notifications/ntf_nope/read', undefined, READ)).status).toBe(404);
  });
});
