import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, startApi, startBudgets, type Api, type Harness } from '../budgets/support/harness.js';
import { startReceiver } from '../budgets/support/receiver.js';

const ADMIN = 'admin-key-0123456789';
const INGEST = 'ingest-key-0123456789';
const READ = 'read-key-0123456789';

interface ApprovalBody {
  id: string;
  status: string;
  estimated_cost_usd: number;
  budget: string | null;
  decided_by: string | null;
  used_at: string | null;
}
interface CheckBody {
  allowed: boolean;
  approval_required?: boolean;
  approval_id?: string;
  status?: string;
  reason?: string;
  reservation_id?: string;
}

describe('approvals', () => {
  let h: Harness;
  let api: Api;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = manualClock('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    receiver = await startReceiver();
    h = await startBudgets({ clock });
    api = await startApi(h.budgets, [
      { key: ADMIN, tenant: 'default', scopes: ['admin'] },
      { key: INGEST, tenant: 'default', scopes: ['ingest'] },
      { key: READ, tenant: 'default', scopes: ['read'] },
    ]);
    await h.budgets.admin.create('default', { name: 'org-daily', scope: 'org', period: 'daily', limit_usd: 100, approval_threshold_usd: 5, webhooks: [receiver.url('/budget')] });
  });
  afterAll(async () => {
    await api.stop();
    await h.stop();
    h.cleanup();
    await receiver.close();
  });

  const check = (query: string) => api.request<CheckBody>('GET', `/v1/budgets/check?agent=researcher&${query}`, undefined, INGEST);
  let approvalId = '';

  it('answers 202 with an approval id for an estimate over the threshold, and tells people', async () => {
    const small = await check('estimated_cost=5');
    // Allowed, but not to be reused: a larger call of the same scope would need an approval.
    expect([small.status, (small.body as { cacheable?: boolean }).cacheable]).toEqual([200, false]);
    const res = await check('estimated_cost=8&operation=deep-research');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ allowed: false, approval_required: true, status: 'pending' });
    approvalId = res.body.approval_id!;
    const pending = await api.request<{ data: ApprovalBody[] }>('GET', '/v1/approvals?status=pending', undefined, READ);
    expect(pending.body.data.map((a) => [a.id, a.estimated_cost_usd, a.budget])).toEqual([[approvalId, 8, 'org-daily']]);
    await receiver.waitFor(1);
    expect(receiver.received[0]!.json).toMatchObject({ type: 'approval.requested', id: approvalId });
    const notes = await api.request<{ data: Array<{ kind: string }> }>('GET', '/v1/notifications', undefined, READ);
    expect(notes.body.data.map((n) => n.kind)).toContain('approval.requested');
  });

  it('keeps answering 202 while the approval is pending', async () => {
    const res = await check(`estimated_cost=8&approval_id=${approvalId}`);
    expect(res.status).toBe(202);
    expect(res.body.approval_id).toBe(approvalId);
  });

  it('lets only admins decide, sends the decision by webhook and shows it to the waiting caller', async () => {
    expect((await api.request('POST', `/v1/approvals/${approvalId}/approve`, {}, INGEST)).status).toBe(403);
    const decided = await api.request<ApprovalBody>('POST', `/v1/approvals/${approvalId}/approve`, { note: 'worth it' }, ADMIN);
    expect(decided.body).toMatchObject({ status: 'approved' });
    await receiver.waitFor(2);
    expect(receiver.received[1]!.json).toMatchObject({ type: 'approval.decided', approval: { id: approvalId, status: 'approved', decision_note: 'worth it' } });
    const seen = await api.request<ApprovalBody>('GET', `/v1/approvals/${approvalId}`, undefined, INGEST);
    expect(seen.body.status).toBe('approved');
    expect((await api.request('POST', `/v1/approvals/${approvalId}/deny`, {}, ADMIN)).status).toBe(409);
  });

  it('lets the approved operation through once', async () => {
    const res = await check(`estimated_cost=8&approval_id=${approvalId}`);
    expect(res.status).toBe(200);
    expect(res.body.reservation_id).toMatch(/^rsv_/);
    const again = await check(`estimated_cost=8&approval_id=${approvalId}`);
    expect(again.status).toBe(202);
    expect(again.body.approval_id).not.toBe(approvalId);
  });

  it('answers 403 for a denied operation, and delivers the decision to the callback URL', async () => {
    const asked = await api.request<ApprovalBody>('POST', '/v1/approvals', { agent: 'researcher', estimated_cost: 12, budget: 'org-daily', reason: 'batch job', callback_url: receiver.url('/callback') }, INGEST);
    expect(asked.status).toBe(201);
    const denied = await api.request<ApprovalBody>('POST', `/v1/approvals/${asked.body.id}/deny`, { decided_by: 'alice' }, ADMIN);
    expect(denied.body).toMatchObject({ status: 'denied', decided_by: 'alice' });
    await h.budgets.settled();
    const callbacks = receiver.received.filter((r) => r.path === '/callback');
    expect(callbacks.map((r) => r.json.type)).toEqual(['approval.decided']);
    const res = await check(`estimated_cost=12&approval_id=${asked.body.id}`);
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('approval_denied');
  });

  it('names the bad field of an approval request and answers 404 for an unknown approval', async () => {
    const bad = await api.request<{ error: { message: string } }>('POST', '/v1/approvals', { estimated_cost: -3 }, INGEST);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"estimated_cost"');
    expect((await api.request('POST', '/v1/approvals/apr_nope/approve', {}, ADMIN)).status).toBe(404);
  });
});
