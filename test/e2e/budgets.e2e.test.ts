import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { startReceiver } from '../budgets/support/receiver.js';
import { manualClock } from '../budgets/support/harness.js';
import { emitSpans } from './fixtures/emit.js';
import { postOtlp, protobufBody, readableSpans, type SpanSpec } from '../support/otlp.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

const SECRET = 'e2e-webhook-secret';

/** Model calls with an explicit cost (tokentally.cost.usd), so spend is exact whatever the catalog says. */
function callSpans(costs: number[], startMs: number, attrs: Record<string, string> = {}) {
  return costs.map((usd, i) => ({
    name: 'chat gpt-4o',
    startMs: startMs + i * 1_000,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 10,
      'gen_ai.agent.name': 'researcher',
      'tokentally.run_id': 'run-e2e',
      'tokentally.cost.usd': usd,
      ...attrs,
    },
  }));
}

/** Sends spans with the real OpenTelemetry SDK and OTLP/HTTP exporter; returns once they are committed. */
async function send(server: TestServer, spans: SpanSpec[]): Promise<void> {
  await emitSpans('http-proto', server.otlpHttpUrl, spans);
}

async function api<T = Record<string, unknown>>(server: TestServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(server.apiUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls `probe` until it returns something, for state that settles just after a request is answered. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A $0.60 chat call and, below it in the list, its invoke_agent parent (agent planner), made by the real SDK. */
function childThenParent(): [ReadableSpan, ReadableSpan] {
  const start = Date.parse('2026-11-20T11:00:00Z');
  const chat = { ...callSpans([0.6], start + 10)[0]!, durationMs: 490, childOf: 0 };
  chat.attributes = { ...chat.attributes, 'gen_ai.agent.name': '' };
  const [parent, child] = readableSpans(
    [{ name: 'invoke_agent planner', startMs: start, durationMs: 900, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' } }, chat],
    'late-agent-svc',
  );
  return [child!, parent!];
}

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('budgets end to end: real SDK spans -> OTLP receiver -> DuckDB -> budget alerts and hard stops', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = manualClock('2026-11-20T12:00:00Z');
  const hour = (h: number) => Date.parse('2026-11-20T00:00:00Z') + h * 3_600_000;

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startTestServer({
      config: { alerts: { webhook: { secret: SECRET, initial_backoff_ms: 20, max_attempts: 5 } } },
      service: { clock },
    });
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });
  afterEach(() => clock.set('2026-11-20T12:00:00Z'));

  it('sends exactly four signed webhooks, in order, as spend crosses 50/80/95/100% of a daily agent budget', async () => {
    const created = await api(server, 'POST', '/v1/budgets', {
      name: 'researcher-daily',
      scope: 'agent',
      target: 'researcher',
      period: 'daily',
      limit_usd: 10,
      policy: 'hard',
      webhooks: [receiver.url('/alerts')],
    });
    expect(created.status).toBe(201);
    await send(server, callSpans([2, 3.2], hour(9)));
    await send(server, callSpans([3], hour(10)));
    // One export that jumps two thresholds gets one alert for each.
    await send(server, callSpans([1.5, 0.5], hour(11)));
    await receiver.waitFor(4);
    await new Promise((r) => setTimeout(r, 200));
    const alerts = receiver.received.filter((r) => r.path === '/alerts');
    expect(alerts.map((r) => r.json.threshold_percent)).toEqual([50, 80, 95, 100]);
    expect(alerts.map((r) => r.json.spent_usd)).toEqual([5.2, 8.2, 10.2, 10.2]);
    for (const r of alerts) expect(r.headers['x-tokentally-signature']).toBe(sign(r.body));
    expect(alerts[3]!.json).toMatchObject({ state: 'exceeded', remaining_usd: 0, budget: { name: 'researcher-daily' } });
  });

  it('answers 402 for the exhausted hard budget until the next period', async () => {
    const denied = await api(server, 'GET', '/v1/budgets/check?agent=researcher&estimated_cost=0.01');
    expect(denied.status).toBe(402);
    expect(denied.body).toMatchObject({ allowed: false, budget: 'researcher-daily', limit_usd: 10, spent_usd: 10.2, resets_at: '2026-11-21T00:00:00.000Z' });
    clock.set('2026-11-21T00:00:01Z');
    const allowed = await api(server, 'GET', '/v1/budgets/check?agent=researcher&estimated_cost=0.01');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ allowed: true, remaining_usd: 9.99 });
  });

  it('answers 402 until the limit is raised', async () => {
    expect((await api(server, 'GET', '/v1/budgets/check?agent=researcher')).status).toBe(402);
    expect((await api(server, 'PATCH', '/v1/budgets/researcher-daily', { limit_usd: 12 })).status).toBe(200);
    const allowed = await api(server, 'GET', '/v1/budgets/check?agent=researcher');
    expect(allowed.body).toMatchObject({ allowed: true, remaining_usd: 1.8 });
  });

  it('delivers to a receiver that fails twice on the third attempt, and lists every attempt', async () => {
    const flaky = await startReceiver();
    try {
      flaky.fail(2);
      await api(server, 'POST', '/v1/budgets', { name: 'writer-daily', scope: 'agent', target: 'writer', period: 'daily', limit_usd: 1, thresholds: [50], webhooks: [flaky.url()] });
      await send(server, callSpans([0.6], hour(11), { 'gen_ai.agent.name': 'writer' }));
      await flaky.waitFor(1);
      expect(flaky.attempts).toHaveLength(3);
      expect(flaky.received[0]!.headers['x-tokentally-signature']).toBe(sign(flaky.received[0]!.body));
      const mine = await eventually(async () => {
        const listed = await api<{ data: Array<{ target: string; attempt: number; status: string }> }>(server, 'GET', '/v1/alerts/deliveries?limit=50');
        const rows = listed.body.data.filter((d) => d.target === flaky.url()).map((d) => [d.attempt, d.status]);
        return rows.some(([, status]) => status === 'pending') ? undefined : rows;
      });
      expect(mine.reverse()).toEqual([
        [1, 'failed'],
        [2, 'failed'],
        [3, 'succeeded'],
      ]);
    } finally {
      await flaky.close();
    }
  });

  it('lets 50 concurrent checks against a nearly spent hard budget through for no more than what remains', async () => {
    await api(server, 'POST', '/v1/budgets', { name: 'coder-daily', scope: 'agent', target: 'coder', period: 'daily', limit_usd: 5, policy: 'hard' });
    await send(server, callSpans([4.8], hour(11), { 'gen_ai.agent.name': 'coder' }));
    const answers = await Promise.all(Array.from({ length: 50 }, () => api(server, 'GET', '/v1/budgets/check?agent=coder&estimated_cost=0.03')));
    const allowed = answers.filter((a) => a.status === 200).length;
    expect(answers.filter((a) => a.status === 402)).toHaveLength(50 - allowed);
    expect(allowed * 0.03).toBeLessThanOrEqual(0.2 + 1e-9);
    expect(allowed).toBe(6);
  });

  it('settles a reservation with the cost of the span that carries its id', async () => {
    await api(server, 'POST', '/v1/budgets', { name: 'analyst-daily', scope: 'agent', target: 'analyst', period: 'daily', limit_usd: 1, policy: 'hard' });
    const reserved = await api<{ reservation_id: string }>(server, 'GET', '/v1/budgets/check?agent=analyst&estimated_cost=0.9');
    expect((await api(server, 'GET', '/v1/budgets/check?agent=analyst&estimated_cost=0.2')).status).toBe(402);
    await send(server, callSpans([0.1], hour(11), { 'gen_ai.agent.name': 'analyst', 'tokentally.reservation_id': reserved.body.reservation_id }));
    const after = await api(server, 'GET', '/v1/budgets/check?agent=analyst&estimated_cost=0.2');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ remaining_usd: 0.7 });
  });

  it('moves spend between agent budgets at once when the agent of a stored call arrives after it', async () => {
    await api(server, 'POST', '/v1/budgets', { name: 'planner-daily', scope: 'agent', target: 'planner', period: 'daily', limit_usd: 1, policy: 'hard' });
    await api(server, 'POST', '/v1/budgets', { name: 'fallback-daily', scope: 'agent', target: 'late-agent-svc', period: 'daily', limit_usd: 1, policy: 'hard' });
    // The SDK exports a child before its parent: the call is stored under the service name first.
    const [call, parent] = childThenParent();
    expect((await postOtlp(server.otlpHttpUrl, protobufBody([call]))).status).toBe(200);
    const remaining = async (agent: string) => (await api<{ remaining_usd: number }>(server, 'GET', `/v1/budgets/check?agent=${agent}`)).body.remaining_usd;
    expect([await remaining('planner'), await remaining('late-agent-svc')]).toEqual([1, 0.4]);
    expect((await postOtlp(server.otlpHttpUrl, protobufBody([parent]))).status).toBe(200);
    expect([await remaining('planner'), await remaining('late-agent-svc')]).toEqual([0.4, 1]);
  });

  it("moves a run's spend to the run id its root names when the root arrives after the calls", async () => {
    await api(server, 'POST', '/v1/budgets', { name: 'per-run-cap', scope: 'run', period: 'per_run', limit_usd: 1, policy: 'hard' });
    const start = Date.parse('2026-11-20T11:30:00Z');
    // Plain OpenTelemetry: the run id is on the root span alone, and the SDK exports the call
    // (which ends first) in an earlier request than the root.
    const { 'tokentally.run_id': _ownRun, ...attributes } = callSpans([0.6], start + 10)[0]!.attributes;
    const call = { name: 'chat gpt-4o', startMs: start + 10, durationMs: 490, childOf: 0, attributes };
    const [root, child] = readableSpans([{ name: 'nightly report', startMs: start, durationMs: 900, attributes: { 'tokentally.run_id': 'nightly-42' } }, call]);
    const traceId = child!.spanContext().traceId;
    const remaining = async () => (await api<{ remaining_usd: number }>(server, 'GET', '/v1/budgets/check?run_id=nightly-42')).body.remaining_usd;

    expect((await postOtlp(server.otlpHttpUrl, protobufBody([child!]))).status).toBe(200);
    const early = await api<{ total_cost: number }>(server, 'GET', `/v1/runs/${traceId}`);
    expect([early.status, early.body]).toEqual([200, expect.objectContaining({ total_cost: 0.6 })]);
    expect(await remaining()).toBe(1);

    expect((await postOtlp(server.otlpHttpUrl, protobufBody([root!]))).status).toBe(200);
    const run = await api<{ total_cost: number; calls: number; agents: Array<{ agent: string; cost: number }> }>(server, 'GET', '/v1/runs/nightly-42');
    expect([run.status, run.body.total_cost, run.body.calls]).toEqual([200, 0.6, 1]);
    expect(run.body.agents.map((a) => [a.agent, a.cost])).toEqual([['researcher', 0.6]]);
    expect((await api(server, 'GET', `/v1/runs/${traceId}`)).status).toBe(404);
    expect(await remaining()).toBe(0.4);
    await api(server, 'DELETE', '/v1/budgets/per-run-cap');
  });

  it.each([
    ['a negative limit', { name: 'bad-1', scope: 'agent', target: 'x', period: 'daily', limit_usd: -1 }, 'limit_usd'],
    ['an unknown scope', { name: 'bad-2', scope: 'team', period: 'daily', limit_usd: 1 }, 'scope'],
    ['thresholds out of range', { name: 'bad-3', scope: 'org', period: 'daily', limit_usd: 1, thresholds: [-5] }, 'thresholds[0]'],
  ])('refuses %s with a 400 naming the field, changing nothing', async (_case, body, field) => {
    const before = await api(server, 'GET', '/v1/budgets');
    const res = await api<{ error: { message: string } }>(server, 'POST', '/v1/budgets', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`"${field}"`);
    expect((await api(server, 'GET', '/v1/budgets')).body).toEqual(before.body);
  });

  it('refuses a child over its blocking parent with a 400 naming limit_usd', async () => {
    await api(server, 'POST', '/v1/budgets', { name: 'org-monthly', scope: 'org', period: 'monthly', limit_usd: 100, overrun_policy: 'block' });
    await api(server, 'POST', '/v1/budgets', { name: 'team-a', scope: 'agent', target: 'a', period: 'monthly', limit_usd: 70, parent: 'org-monthly' });
    const res = await api<{ error: { message: string } }>(server, 'POST', '/v1/budgets', { name: 'team-b', scope: 'agent', target: 'b', period: 'monthly', limit_usd: 40, parent: 'org-monthly' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('"limit_usd"');
  });
});
