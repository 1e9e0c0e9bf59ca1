import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { batch, spend } from '../support/calls.js';
import { manualClock, startBudgets, testConfig, type Harness } from '../support/harness.js';
import { startReceiver, type Received } from '../support/receiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

function verify(r: Received, secret: string): boolean {
  const header = String(r.headers['x-tokentally-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`;
  return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}

interface DeliveryRow {
  attempt: number;
  status: string;
  response_status: number | null;
  delivery_id: string;
  error: string | null;
}

describe('alert webhooks', () => {
  let h: Harness;
  let receiver: Receiver;
  const clock = manualClock('2026-11-20T10:00:00Z');

  afterEach(async () => {
    await h.stop();
    h.cleanup();
    await receiver.close();
  });

  async function setup(maxAttempts = 5) {
    receiver = await startReceiver();
    h = await startBudgets({ clock, config: testConfig((c) => (c.alerts.webhook.max_attempts = maxAttempts)) });
    await h.budgets.admin.create('default', {
      name: 'researcher-daily',
      scope: 'agent',
      target: 'researcher',
      period: 'daily',
      limit_usd: 10,
      webhooks: [receiver.url()],
    });
  }

  async function deliveries(): Promise<DeliveryRow[]> {
    const { data } = await h.budgets.deliveries('default', { status: null, eventType: null, channel: null }, 100, 0);
    return (data as DeliveryRow[]).reverse();
  }

  it('signs the raw body with HMAC-SHA256 and says when it was sent', async () => {
    await setup();
    h.budgets.onCommit(batch(spend(5, clock())));
    await receiver.waitFor(1);
    const [r] = receiver.received;
    expect(verify(r!, 'test-secret')).toBe(true);
    expect(r!.headers['x-tokentally-timestamp']).toBe(String(Math.floor(clock() / 1000)));
    expect(r!.headers['x-tokentally-event']).toBe('budget.threshold');
    expect(r!.json).toMatchObject({ type: 'budget.threshold', threshold_percent: 50, spent_usd: 5, remaining_usd: 5, percent_used: 50, budget: { name: 'researcher-daily' } });
    expect(r!.json).toHaveProperty('projection.will_exceed');
    expect(r!.json).toHaveProperty('top_cost_drivers', [{ agent: 'researcher', model: 'gpt-4o-2024-08-06', cost_usd: 5, calls: 1 }]);
    expect(r!.json).toHaveProperty('recommended_actions');
  });

  it('delivers on the third attempt to a receiver that fails twice, backing off exponentially, and stores every attempt', async () => {
    await setup();
    receiver.fail(2);
    h.budgets.onCommit(batch(spend(5, clock())));
    await receiver.waitFor(1);
    await h.budgets.settled();
    expect(receiver.attempts).toHaveLength(3);
    const [a1, a2, a3] = receiver.attempts;
    expect(a2!.atMs - a1!.atMs).toBeGreaterThanOrEqual(19);
    expect(a3!.atMs - a2!.atMs).toBeGreaterThanOrEqual(39);
    expect(new Set(receiver.attempts.map((a) => a.headers['x-tokentally-delivery'])).size).toBe(1);
    expect(receiver.attempts.map((a) => a.headers['x-tokentally-attempt'])).toEqual(['1', '2', '3']);
    expect(receiver.attempts.every((a) => a.body === a1!.body && verify(a, 'test-secret'))).toBe(true);
    const rows = await deliveries();
    expect(rows.map((r) => [r.attempt, r.status, r.response_status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'succeeded', 200],
    ]);
  });

  it('keeps alerts to one receiver in order while an earlier one is retried', async () => {
    await setup();
    receiver.fail(1);
    h.budgets.onCommit(batch(spend(10, clock())));
    await receiver.waitFor(4);
    expect(receiver.received.map((r) => r.json.threshold_percent)).toEqual([50, 80, 95, 100]);
  });

  it('gives up at once on a 4xx other than 408/429, and after max_attempts otherwise', async () => {
    await setup(2);
    receiver.fail(1, 404);
    h.budgets.onCommit(batch(spend(5, clock())));
    await h.budgets.settled();
    receiver.fail(5, 503);
    h.budgets.onCommit(batch(spend(3, clock())));
    await h.budgets.settled();
    const rows = await deliveries();
    expect(rows.map((r) => [r.attempt, r.status, r.response_status])).toEqual([
      [1, 'exhausted', 404],
      [1, 'failed', 503],
      [2, 'exhausted', 503],
    ]);
    expect(receiver.received).toHaveLength(0);
  });

  it('retries when the receiver is not listening at all', async () => {
    await setup(2);
    await receiver.close();
    h.budgets.onCommit(batch(spend(5, clock())));
    await h.budgets.settled();
    const rows = await deliveries();
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'failed'],
      [2, 'exhausted'],
    ]);
    expect(rows[0]!.error).toMatch(/fetch failed|ECONNREFUSED/);
    receiver = await startReceiver();
  });
});
