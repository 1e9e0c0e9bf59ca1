import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoCommand } from '../../src/cli/commands/demo.js';
import { MODELS } from '../../src/demo/fleet.js';
import { runDemo, type DemoResult } from '../../src/demo/run-demo.js';
import { queryFile, startTestServer, type TestServer } from '../support/server.js';

describe('tokentally demo: OpenTelemetry SDK -> OTLP/HTTP receiver -> DuckDB', () => {
  let server: TestServer;
  let demo: DemoResult;
  const one = async (sql: string) => (await queryFile(server.dbPath, sql))[0]!;

  beforeAll(async () => {
    server = await startTestServer();
    // History up to the end of yesterday: every one of the 30 days is complete whatever the hour.
    const nowMs = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) - 1;
    demo = await runDemo({ seed: 11, days: 30, runsPerDay: 2, nowMs, endpoint: server.otlpHttpUrl, apiUrl: server.apiUrl, batchSize: 300 });
    await server.stop({ keep: true });
  });
  afterAll(() => server?.stop());

  it('stores exactly the model calls, runs and activity the generator says it sent', async () => {
    const t = demo.plan.totals;
    expect(demo.spansSent).toBe(t.spans);
    expect(await one('SELECT count(*)::INTEGER AS n FROM llm_calls')).toEqual({ n: t.calls });
    expect(await one('SELECT count(*)::INTEGER AS n FROM runs')).toEqual({ n: t.runs });
    expect(await one("SELECT count(*)::INTEGER AS n FROM activity WHERE event_type = 'agent_invocation'")).toEqual({ n: t.agentSpans });
  });

  it('spans 30 days of history', async () => {
    const row = await one("SELECT count(DISTINCT strftime(start_time AT TIME ZONE 'UTC', '%Y-%m-%d'))::INTEGER AS days FROM llm_calls");
    expect(row.days).toBe(demo.plan.totals.days);
    expect(demo.plan.totals.days).toBe(30);
  });

  it('has every agent and five providers', async () => {
    const agents = await queryFile(server.dbPath, 'SELECT DISTINCT agent FROM llm_calls ORDER BY agent');
    expect(agents.map((r) => r.agent)).toEqual(['critic', 'planner', 'researcher', 'support-bot', 'writer']);
    const providers = await queryFile(server.dbPath, 'SELECT DISTINCT provider FROM llm_calls ORDER BY provider');
    expect(providers.map((r) => r.provider)).toEqual(['acme-internal', 'anthropic', 'google', 'mistral', 'openai']);
  });

  it('marks each failed call and its retry', async () => {
    const row = await one("SELECT count(*) FILTER (WHERE status = 'error')::INTEGER AS failed, count(*) FILTER (WHERE is_retry AND attempt = 2)::INTEGER AS retries FROM llm_calls");
    expect(row).toEqual({ failed: demo.plan.totals.failedCalls, retries: demo.plan.totals.retries });
    expect(demo.plan.totals.retries).toBeGreaterThan(0);
  });

  it('records tool calls with their per-call prices', async () => {
    const row = await one("SELECT count(*)::INTEGER AS n, CAST(sum(cost) * 1e9 AS BIGINT) AS nanos, count(DISTINCT name)::INTEGER AS tools FROM activity WHERE event_type = 'tool_call'");
    expect(row).toEqual({ n: demo.plan.totals.toolCalls, nanos: BigInt(demo.plan.totals.toolCostNanos), tools: 3 });
  });

  it('stores the private model unpriced, never as $0', async () => {
    const rows = await queryFile(server.dbPath, "SELECT provider, request_model, count(*)::INTEGER AS n, count(total_cost)::INTEGER AS costed FROM llm_calls WHERE price_source = 'unpriced' GROUP BY ALL");
    expect(rows).toEqual([{ provider: 'acme-internal', request_model: MODELS.privateIntent.model, n: demo.plan.totals.unpricedCalls, costed: 0 }]);
  });

  it('costs every priced call what the catalog says, to the nano-dollar', async () => {
    const row = await one("SELECT CAST(sum(total_cost) * 1e9 AS BIGINT) AS nanos FROM llm_calls WHERE price_source = 'catalog'");
    expect(row.nanos).toBe(BigInt(demo.plan.totals.modelCostNanos));
  });

  it('goes on when the server has no agent registry or budgets API', () => {
    for (const r of [...demo.agents, ...demo.budgets]) expect(['done', 'unavailable']).toContain(r.status);
    expect(demo.agents).toHaveLength(5);
    expect(demo.budgets).toHaveLength(3);
  });
});

describe('tokentally demo (the command)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('sends a short history and says where to look', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      const code = await demoCommand.run(['--endpoint', server.otlpHttpUrl, '--api', server.apiUrl, '--days', '3', '--runs-per-day', '1', '--seed', '5']);
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
    }
    const output = lines.join('\n');
    expect(output).toMatch(/sent [\d,]+ spans in [\d.]+ s/);
    expect(output).toContain(`dashboard    ${server.apiUrl}/`);
    expect(output).toContain('tokentally usage');
  });

  it('says which key to set when the collector wants one', async () => {
    const keyed = await startTestServer({ config: { auth: { api_keys: [{ key: 'tt-demo-e2e-key-0123456789', scopes: ['ingest', 'read', 'admin'] }] } } });
    try {
      await expect(runDemo({ seed: 1, days: 2, runsPerDay: 1, nowMs: Date.now(), endpoint: keyed.otlpHttpUrl, apiUrl: keyed.apiUrl }))
        .rejects.toThrow(`the collector at ${keyed.otlpHttpUrl} refused the spans (HTTP 401): set TOKENTALLY_API_KEY to a key with the ingest scope`);
    } finally {
      await keyed.stop();
    }
  });

  it('rejects a bad option with its name', async () => {
    await expect(demoCommand.run(['--days', 'many'])).rejects.toThrow('--days must be an integer from 1 to 366; got "many"');
  });
});
