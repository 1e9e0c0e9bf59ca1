import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendationsFixture, type Fixture, type RecommendationsBody } from '../recommendations/support/fixture.js';
import { requestHash, spread } from '../recommendations/support/history.js';
import { sendCalls } from '../recommendations/support/otlp.js';

const ACME = 'acme-read-and-ingest-key';
const GLOBEX = 'globex-read-and-ingest-key';
const keys = [
  { key: ACME, tenant: 'acme', scopes: ['ingest', 'read'] },
  { key: GLOBEX, tenant: 'globex', scopes: ['ingest', 'read'] },
];

const acme = [
  ...spread(40, { agent: 'analyst', taskType: 'summarize', provider: 'anthropic', model: 'claude-opus-4-1', input: 3_000, output: 250 }),
  ...spread(48, { agent: 'fetcher', provider: 'anthropic', model: 'claude-haiku-4-5', input: 2_000, output: 100 }, { vary: (i) => (i % 6 === 0 ? { error: true } : {}) }),
  ...spread(40, { agent: 'faq-bot', provider: 'openai', model: 'gpt-4o-mini', input: 1_000, output: 120 }, { vary: (i) => ({ requestHash: requestHash(i % 10) }) }),
];
// The same flagship use as acme's analyst, but too little of it.
const globex = spread(10, { agent: 'analyst', taskType: 'summarize', provider: 'anthropic', model: 'claude-opus-4-1', input: 3_000, output: 250 });

describe('GET /v1/recommendations', () => {
  let fx: Fixture;
  const get = (path: string, key = ACME) => fx.api.get<RecommendationsBody & { error: { code: string; message: string } }>(path, key);

  beforeAll(async () => {
    fx = await recommendationsFixture([], { auth: { api_keys: keys } });
    await sendCalls(fx.server.otlpHttpUrl, acme, ACME);
    await sendCalls(fx.server.otlpHttpUrl, globex, GLOBEX);
  });
  afterAll(() => fx.stop());

  it('needs a read key', async () => {
    expect((await fx.api.get('/v1/recommendations')).status).toBe(401);
    expect((await fx.api.get('/v1/agents/analyst/recommendations')).status).toBe(401);
  });

  it('ranks every recommendation of the tenant by monthly savings and totals them', async () => {
    const { status, body } = await get('/v1/recommendations');
    expect(status).toBe(200);
    expect(body.data.map((r) => r.kind).sort()).toEqual(['model_downgrade', 'response_caching', 'retry_waste']);
    const savings = body.data.map((r) => r.estimated_monthly_savings_usd);
    expect(savings).toEqual([...savings].sort((a, b) => b - a));
    expect(body.total_estimated_monthly_savings_usd).toBeCloseTo(savings.reduce((a, b) => a + b, 0), 9);
    expect(body).toMatchObject({ lookback_days: 30, start_time: '2026-10-21T12:00:00.000Z', end_time: '2026-11-20T12:00:00.000Z', pagination: { total: 3, has_more: false } });
    for (const r of body.data) {
      expect(['high', 'medium', 'low']).toContain(r.priority);
      expect(r.title && r.problem && r.solution).toBeTruthy();
      expect(r.percent_reduction).toBeGreaterThan(0);
    }
  });

  it('recommends nothing from too little data, and states the minimum', async () => {
    const { body } = await get('/v1/recommendations', GLOBEX);
    expect(body.data).toEqual([]);
    expect(body.total_estimated_monthly_savings_usd).toBe(0);
    expect(body.minimum_data).toMatchObject({ calls: 30, baseline_runs: 10 });
    expect(body.minimum_data.rule).toMatch(/fewer than 30 calls in the last 30 days/);
    expect(body.skipped.map((s) => s.kind).sort()).toEqual(['model_downgrade', 'prompt_caching']);
    for (const skip of body.skipped) expect(skip).toMatchObject({ reason: 'too_little_data', agents: ['analyst'], detail: '10 calls in the window; at least 30 are needed' });
  });

  it('pages', async () => {
    const all = (await get('/v1/recommendations')).body.data;
    const { body } = await get('/v1/recommendations?limit=1&offset=1');
    expect(body.data).toEqual([all[1]]);
    expect(body.pagination).toEqual({ total: 3, limit: 1, offset: 1, has_more: true });
  });

  it.each([
    ['kind=retry_waste', ['retry_waste']],
    ['model=claude-opus-4-1', ['model_downgrade']],
    ['task_type=summarize', ['model_downgrade']],
    ['agent=faq-bot', ['response_caching']],
  ])('filters by %s', async (query, kinds) => {
    const { body } = await get(`/v1/recommendations?${query}`);
    expect(body.data.map((r) => r.kind)).toEqual(kinds);
    expect(body.total_estimated_monthly_savings_usd).toBe(body.data[0]!.estimated_monthly_savings_usd);
  });

  it('answers per agent with the agent\'s total potential savings', async () => {
    const { status, body } = await get('/v1/agents/fetcher/recommendations');
    expect(status).toBe(200);
    expect(body.agent).toBe('fetcher');
    expect(body.data.map((r) => r.kind)).toEqual(['retry_waste']);
    expect(body.total_estimated_monthly_savings_usd).toBe(body.data[0]!.estimated_monthly_savings_usd);
    expect((await get('/v1/agents/nobody/recommendations')).body).toMatchObject({ data: [], total_estimated_monthly_savings_usd: 0 });
  });

  it.each([
    ['kind=cheaper', 'kind'],
    ['limit=0', 'limit'],
    ['agent=a&agent=b', 'agent'],
  ])('names the bad parameter in %s', async (query, name) => {
    const { status, body } = await get(`/v1/recommendations?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.message).toContain(`"${name}"`);
  });
});
