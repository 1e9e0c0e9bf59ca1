import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { recommendCommand } from '../../src/cli/commands/recommend.js';
import { recommendationJson } from '../../src/recommendations/recommendation.js';
import { recommendationsFixture, type Fixture, type RecommendationsBody } from '../recommendations/support/fixture.js';
import { catalogNanos, spread, storedNanos, tokensOf } from '../recommendations/support/history.js';
import { callSpan, type CallSpec } from '../recommendations/support/otlp.js';
import { emitSpans } from './fixtures/emit.js';

const analyst = spread(40, { agent: 'analyst', taskType: 'summarize', provider: 'anthropic', model: 'claude-opus-4-1', input: 3_000, output: 250 });
const fetcher = spread(48, { agent: 'fetcher', provider: 'anthropic', model: 'claude-haiku-4-5', input: 2_000, output: 100 }, { vary: (i) => (i % 6 === 0 ? { error: true } : {}) });

async function emit(protocol: 'grpc' | 'http-proto', url: string, calls: CallSpec[]) {
  await emitSpans(protocol, url, calls.map(callSpan));
}

/** Runs `tokentally recommend` in-process against the test API; returns exit code and printed output. */
async function recommend(url: string, ...argv: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.stubEnv('TOKENTALLY_URL', url);
  try {
    return { code: await recommendCommand.run(argv), output: out.join('\n') };
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('recommendations end to end: real SDK exporters -> receivers -> DuckDB -> API, CLI and alert hook', () => {
  let fx: Fixture;
  let api: RecommendationsBody;

  beforeAll(async () => {
    fx = await recommendationsFixture([]);
    await emit('http-proto', fx.server.otlpHttpUrl, analyst);
    await emit('grpc', `http://${fx.server.otlpGrpcAddress}`, fetcher);
    api = (await fx.api.get<RecommendationsBody>('/v1/recommendations?limit=500')).body;
  });
  afterAll(() => fx.stop());

  it('recommends from what the exporters sent, with savings computed by hand', () => {
    const downgrade = api.data.find((r) => r.kind === 'model_downgrade')!;
    const tokens = tokensOf(analyst);
    const saved = catalogNanos(tokens, 'claude-opus-4-1', 'anthropic') - catalogNanos(tokens, downgrade.evidence.suggested_model as string, 'anthropic');
    expect(downgrade.estimated_monthly_savings_usd).toBe(saved / 1e9);
    const waste = api.data.find((r) => r.kind === 'retry_waste')!;
    expect(waste.estimated_monthly_savings_usd).toBe(storedNanos(fetcher.filter((c) => c.error), 'anthropic') / 1e9);
  });

  it('tokentally recommend prints a table with the total and the minimum data', async () => {
    const { code, output } = await recommend(fx.api.url);
    expect(code).toBe(0);
    for (const r of api.data) {
      expect(output).toContain(r.kind);
      expect(output).toContain(r.agents[0]);
    }
    expect(output).toMatch(/Total potential savings: \$\d/);
    expect(output).toContain(`1. ${api.data[0]!.problem}`);
    expect(output).toContain('Minimum data: nothing is recommended for an agent, model or task type with fewer than 30 calls');
  });

  it('tokentally recommend --json prints the API answer; --agent narrows it', async () => {
    expect(JSON.parse((await recommend(fx.api.url, '--json')).output)).toEqual(api);
    const mine = JSON.parse((await recommend(fx.api.url, '--json', '--agent', 'fetcher')).output) as RecommendationsBody;
    expect(mine.data.map((r) => r.kind)).toEqual(['retry_waste']);
  });

  it('tokentally recommend explains bad input and an absent server', async () => {
    await expect(recommendCommand.run(['--kind', 'cheaper'])).rejects.toBeInstanceOf(UsageError);
    await expect(recommend('http://127.0.0.1:9')).rejects.toThrow(/cannot reach the tokentally API at http:\/\/127.0.0.1:9/);
  });

  it('a budget alert fired by the server carries the top recommendations of the budget scope', async () => {
    const created = await fetch(`${fx.server.apiUrl}/v1/budgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'fetcher-monthly', scope: 'agent', target: 'fetcher', period: 'monthly', limit_usd: 0.000001, thresholds: [100] }),
    });
    expect(created.status).toBe(201);
    type Notification = { data: { budget?: { name: string }; recommendations: Array<{ kind: string }> } };
    let alerts: Notification[] = [];
    for (let i = 0; i < 100 && alerts.length === 0; i++) {
      const list = (await (await fetch(`${fx.server.apiUrl}/v1/notifications`)).json()) as { data: Notification[] };
      alerts = list.data.filter((n) => JSON.stringify(n.data).includes('fetcher-monthly'));
      if (alerts.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.data.recommendations.map((r) => r.kind)).toEqual(['retry_waste']);
  });

  it('gives budget alerts the top recommendations of their scope, as the API shows them', async () => {
    const top = await fx.api.engine.topRecommendationsFor({ tenant: 'default' }, 1);
    expect(top.map(recommendationJson)).toEqual(api.data.slice(0, 1));
    const forAgent = await fx.api.engine.topRecommendationsFor({ tenant: 'default', agent: 'fetcher' });
    expect(forAgent.map((r) => r.kind)).toEqual(['retry_waste']);
    const forModel = await fx.api.engine.topRecommendationsFor({ tenant: 'default', model: 'claude-opus-4-1' });
    expect(forModel.map((r) => r.kind)).toEqual(['model_downgrade']);
    expect(await fx.api.engine.topRecommendationsFor({ tenant: 'other' })).toEqual([]);
  });
});
