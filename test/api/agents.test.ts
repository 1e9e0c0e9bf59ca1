import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, groupBy, nanos, totals, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

const MONTH_START = Date.parse('2026-03-01T00:00:00Z');
const TODAY = Date.parse('2026-03-18T00:00:00Z');
const MONTH_END = Date.parse('2026-03-19T00:00:00Z');

interface AgentAnswer {
  agent: string;
  cost: number;
  calls: number;
  executions: number;
  average_cost_per_execution: number;
  token_efficiency: { output_tokens_per_usd: number; cache_hit_rate: number };
  trend: { direction: string; days: number };
  budgets: Array<{ name: string; spent_usd: number; utilisation_pct: number }> | null;
  budget_utilisation_pct: number | null;
  display_name: string | null;
  status: string;
}

describe('GET /v1/agents', () => {
  let fx: AnalyticsFixture;
  let facts: CallRow[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const history = syntheticHistory();
    await fx.store(history, syntheticActivity(history));
    facts = await fx.facts();
  });
  afterAll(() => fx.close());

  it('gives each agent its cost, calls, executions and efficiency over the month', async () => {
    const { status, body } = await fx.get('/v1/agents');
    expect(status).toBe(200);
    const month = facts.filter(between(MONTH_START, MONTH_END));
    const byAgent = groupBy(month, (r) => r.agent);
    const data = body.data as AgentAnswer[];
    expect(data.map((a) => a.agent).sort()).toEqual([...byAgent.keys()].sort());
    // The runs each agent started working in within the month, and what it spent in them.
    const runs = [...groupBy(facts, (r) => r.run_id).values()];
    const firstOf = (rs: CallRow[]) => rs.reduce((a, b) => (a.start_time < b.start_time ? a : b));
    for (const a of data) {
      const t = totals(byAgent.get(a.agent)!);
      expect(a.calls).toBe(t.operations);
      expect(nanos(a.cost)).toBe(nanos(t.total_cost));
      const perRun = runs
        .map((rs) => rs.filter((r) => r.agent === a.agent))
        .filter((rs) => rs.length > 0 && between(MONTH_START, MONTH_END)(firstOf(rs)))
        .map((rs) => totals(rs).total_cost);
      expect(a.executions).toBe(perRun.length);
      expect(a.average_cost_per_execution).toBeCloseTo(perRun.reduce((x, y) => x + y, 0) / perRun.length, 8);
      expect(a.token_efficiency.output_tokens_per_usd).toBeCloseTo(t.output_tokens / t.total_cost, 1);
      expect(a.token_efficiency.cache_hit_rate).toBeCloseTo(t.cached_tokens / t.input_tokens, 3);
      expect(a.trend.days).toBe(18);
      expect(a.status).toBe('active');
      expect(a.budgets).toEqual([]);
      expect(a.budget_utilisation_pct).toBeNull();
    }
  });

  it('adds budgets and the registry, and flags an agent over budget', async () => {
    const con = await fx.db.connect();
    await con.run(`INSERT INTO budgets VALUES ('b1', 'default', 'writer-daily', 'agent', 'writer', 'daily', 0.01, [100], 'hard', 'UTC', [], [], NULL, 'allow', NULL, 'api', now(), now())`);
    await con.run(`INSERT INTO agents VALUES ('default', 'reviewer', 'Reviewer Bot', 'QA', 'checks drafts', 1000, NULL, now(), now())`);
    con.closeSync();
    const data = (await fx.get('/v1/agents')).body.data as AgentAnswer[];
    const writer = data.find((a) => a.agent === 'writer')!;
    const writerToday = totals(facts.filter(between(TODAY, MONTH_END)).filter((r) => r.agent === 'writer')).total_cost;
    expect(writer.budgets).toHaveLength(1);
    expect(nanos(writer.budgets![0]!.spent_usd)).toBe(nanos(writerToday));
    expect(writer.budget_utilisation_pct).toBeCloseTo((writerToday / 0.01) * 100, 1);
    expect(writer.status).toBe('over_budget');
    const reviewer = data.find((a) => a.agent === 'reviewer')!;
    expect(reviewer.display_name).toBe('Reviewer Bot');
    const reviewerMonth = totals(facts.filter(between(MONTH_START, MONTH_END)).filter((r) => r.agent === 'reviewer')).total_cost;
    expect(reviewer.budget_utilisation_pct).toBeCloseTo((reviewerMonth / 1000) * 100, 2);
  });

  it('filters to one agent and pages', async () => {
    const one = await fx.get('/v1/agents?agent=writer');
    expect((one.body.data as AgentAnswer[]).map((a) => a.agent)).toEqual(['writer']);
    const page = await fx.get('/v1/agents?limit=1&offset=1');
    expect(page.body.pagination).toMatchObject({ total: 3, limit: 1, offset: 1, has_more: true });
  });

  it.each([
    ['limit=501', 'limit'],
    ['period=someday', 'period'],
    ['end_date=2026-02-31', 'end_date'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await fx.get(`/v1/agents?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
