import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, groupBy, modelOf, nanos, totals, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

const MONTH_START = Date.parse('2026-03-01T00:00:00Z');
const MONTH_END = Date.parse('2026-03-19T00:00:00Z');

type Group = Record<string, number | string | null>;

const keys: Record<string, (r: CallRow) => string | null> = {
  model: (r) => `${modelOf(r)}|${r.provider}`,
  provider: (r) => r.provider,
  agent: (r) => r.agent,
  category: (r) => r.category,
  task_type: (r) => r.task_type,
  session: (r) => r.session_id,
  run: (r) => r.run_id,
};

describe('GET /v1/usage/breakdown', () => {
  let fx: AnalyticsFixture;
  let month: CallRow[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const history = syntheticHistory();
    await fx.store(history, syntheticActivity(history));
    month = (await fx.facts()).filter(between(MONTH_START, MONTH_END));
  });
  afterAll(() => fx.close());

  it.each(Object.keys(keys))('group_by=%s equals the calls grouped in the test', async (dimension) => {
    const { status, body } = await fx.get(`/v1/usage/breakdown?group_by=${dimension}&period=month&limit=500`);
    expect(status).toBe(200);
    const data = body.data as Group[];
    const expected = groupBy(month, keys[dimension]!);
    expect(data).toHaveLength(expected.size);
    const grand = totals(month).total_cost;
    for (const g of data) {
      const key = dimension === 'model' ? `${String(g.key)}|${String(g.provider)}` : g.key;
      const rs = expected.get(key as string | null)!;
      const t = totals(rs);
      expect(g.calls).toBe(t.operations);
      expect(nanos(g.cost as number)).toBe(nanos(t.total_cost));
      expect(g.input_tokens).toBe(t.input_tokens);
      expect(g.output_tokens).toBe(t.output_tokens);
      expect(g.total_tokens).toBe(t.input_tokens + t.output_tokens);
      expect(nanos(g.input_cost as number)).toBe(rs.reduce((s, r) => s + nanos(r.input_cost), 0));
      expect(nanos(g.output_cost as number)).toBe(rs.reduce((s, r) => s + nanos(r.output_cost), 0));
      expect(Math.abs((g.average_cost_per_call as number) - t.total_cost / t.operations)).toBeLessThanOrEqual(5e-10 + 1e-15);
      expect(g.percent_of_total).toBeCloseTo((t.total_cost / grand) * 100, 3);
      if (t.output_tokens === 0) expect(g.cost_per_output_token).toBeNull();
      else expect(Math.abs((g.cost_per_output_token as number) - t.total_cost / t.output_tokens)).toBeLessThanOrEqual(5e-10 + 1e-15);
    }
    const costs = data.map((g) => g.cost as number);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(nanos(body.total_cost as number)).toBe(nanos(grand));
  });

  it('pages with limit and offset', async () => {
    const all = (await fx.get('/v1/usage/breakdown?group_by=run&period=month&limit=500')).body.data as Group[];
    const page = await fx.get('/v1/usage/breakdown?group_by=run&period=month&limit=5&offset=5');
    expect((page.body.data as Group[]).map((g) => g.key)).toEqual(all.slice(5, 10).map((g) => g.key));
    expect(page.body.pagination).toEqual({ total: all.length, limit: 5, offset: 5, has_more: true });
    const past = await fx.get(`/v1/usage/breakdown?group_by=run&period=month&limit=5&offset=${all.length}`);
    expect(past.body.pagination).toEqual({ total: all.length, limit: 5, offset: all.length, has_more: false });
  });

  it.each([
    ['group_by=colour', 'group_by'],
    ['limit=501', 'limit'],
    ['limit=0', 'limit'],
    ['offset=-1', 'offset'],
    ['period=fortnight', 'period'],
    ['start_date=2026-03-05&end_date=2026-03-04', 'end_date'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await fx.get(`/v1/usage/breakdown?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
