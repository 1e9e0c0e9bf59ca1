import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, groupBy, modelOf, nanos, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

interface Line {
  category: string;
  provider: string;
  model: string;
  calls: number;
  amount_usd: number;
}

describe('GET /v1/invoice', () => {
  let fx: AnalyticsFixture;
  let facts: CallRow[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const history = syntheticHistory({ days: 60 });
    await fx.store(history, syntheticActivity(history));
    facts = await fx.facts();
  });
  afterAll(() => fx.close());

  it('itemises February by category and model, and the lines add up to the total', async () => {
    const { status, body } = await fx.get('/v1/invoice?month=2026-02');
    expect(status).toBe(200);
    expect(body).toMatchObject({ month: '2026-02', start_date: '2026-02-01', end_date: '2026-02-28', currency: 'USD' });
    const feb = facts.filter(between(Date.parse('2026-02-01T00:00:00Z'), Date.parse('2026-03-01T00:00:00Z')));
    const expected = groupBy(feb, (r) => `${r.category}|${r.provider}|${modelOf(r)}`);
    const lines = body.line_items as Line[];
    expect(lines).toHaveLength(expected.size);
    for (const line of lines) {
      const rs = expected.get(`${line.category}|${line.provider}|${line.model}`)!;
      expect(line.calls).toBe(rs.length);
      expect(nanos(line.amount_usd)).toBe(rs.reduce((s, r) => s + nanos(r.total_cost), 0));
    }
    const totalNanos = feb.reduce((s, r) => s + nanos(r.total_cost), 0);
    expect(nanos(body.total_usd as number)).toBe(totalNanos);
    expect(nanos(body.subtotal_usd as number)).toBe(lines.reduce((s, l) => s + nanos(l.amount_usd), 0));
    const subtotals = body.subtotals as Array<{ category: string; amount_usd: number }>;
    expect(subtotals.map((s) => s.category).sort()).toEqual([...groupBy(feb, (r) => r.category).keys()].sort());
    expect(body.unpriced_calls).toBe(feb.filter((r) => r.total_cost === null).length);
  });

  it('defaults to the current month', async () => {
    expect((await fx.get('/v1/invoice')).body.month).toBe('2026-03');
  });

  it.each(['2026-13', '2026-2', 'March', '2026-02-01'])('answers 400 naming "month" for %s', async (month) => {
    const { status, body } = await fx.get(`/v1/invoice?month=${month}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain('"month"');
  });
});
