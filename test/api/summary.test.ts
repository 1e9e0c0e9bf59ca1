import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, groupBy, mismatches, nanos, totals, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

const MONTH_START = Date.parse('2026-03-01T00:00:00Z');
const TODAY = Date.parse('2026-03-18T00:00:00Z');
const MONTH_END = Date.parse('2026-03-19T00:00:00Z');

describe('GET /v1/summary', () => {
  let fx: AnalyticsFixture;
  let rows: CallRow[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const history = syntheticHistory();
    await fx.store(history, syntheticActivity(history));
    rows = await fx.facts();
  });
  afterAll(() => fx.close());

  it('answers totals, providers, models and counts of the month in one call', async () => {
    const { status, body } = await fx.get('/v1/summary');
    expect(status).toBe(200);
    const month = rows.filter(between(MONTH_START, MONTH_END));
    expect(mismatches(body.totals as Record<string, unknown>, totals(month))).toEqual([]);
    const providers = groupBy(month, (r) => r.provider);
    expect(body.provider_count).toBe(providers.size);
    expect(body.agent_count).toBe(groupBy(month, (r) => r.agent).size);
    const byProvider = body.by_provider as Array<{ key: string; cost: number; calls: number }>;
    for (const p of byProvider) {
      expect(p.calls).toBe(providers.get(p.key)!.length);
      expect(nanos(p.cost)).toBe(nanos(totals(providers.get(p.key)!).total_cost));
    }
    expect((body.by_model as unknown[]).length).toBe(groupBy(month, (r) => `${r.response_model}|${r.provider}`).size);
  });

  it('reports no budgets as an empty budget total', async () => {
    const { body } = await fx.get('/v1/summary');
    expect(body.budget).toEqual({ total_usd: 0, spent_usd: 0, utilisation_pct: null, budgets: [] });
  });

  it('adds up the top-level budgets with their spend in their current period', async () => {
    const con = await fx.db.connect();
    const insert = `INSERT INTO budgets VALUES ($id, 'default', $name, $scope, $target, $period, $limit, [50, 100], 'soft', 'UTC', [], [], $parent, 'allow', NULL, 'api', now(), now())`;
    await con.run(insert, { id: 'b1', name: 'org-monthly', scope: 'org', target: null, period: 'monthly', limit: 100, parent: null });
    await con.run(insert, { id: 'b2', name: 'writer-daily', scope: 'agent', target: 'writer', period: 'daily', limit: 5, parent: null });
    await con.run(insert, { id: 'b3', name: 'child', scope: 'agent', target: 'reviewer', period: 'daily', limit: 1, parent: 'org-monthly' });
    con.closeSync();
    const { body } = await fx.get('/v1/summary');
    const budget = body.budget as { total_usd: number; spent_usd: number; utilisation_pct: number; budgets: Array<{ name: string; spent_usd: number }> };
    const orgSpent = totals(rows.filter(between(MONTH_START, MONTH_END))).total_cost;
    const writerSpent = totals(rows.filter(between(TODAY, MONTH_END)).filter((r) => r.agent === 'writer')).total_cost;
    expect(budget.budgets.map((b) => b.name)).toEqual(['org-monthly', 'writer-daily']);
    expect(budget.total_usd).toBe(105);
    expect(nanos(budget.spent_usd)).toBe(nanos(orgSpent) + nanos(writerSpent));
    expect(budget.utilisation_pct).toBeCloseTo(((orgSpent + writerSpent) / 105) * 100, 2);
  });
});
