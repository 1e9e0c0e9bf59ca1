import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, groupBy, mismatches, modelOf, nanos, totals, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

const DAY = 86_400_000;
const TODAY = Date.parse('2026-03-18T00:00:00Z');

describe('GET /v1/usage', () => {
  let fx: AnalyticsFixture;
  let rows: CallRow[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS, tenants: ['other'] });
    const history = syntheticHistory();
    await fx.store(history, syntheticActivity(history));
    await fx.store(syntheticHistory({ tenant: 'other', seed: 99 }));
    rows = (await fx.facts()).filter((r) => r.tenant === 'default');
  });
  afterAll(() => fx.close());

  const windows: Array<[string, number, number]> = [
    ['period=today', TODAY, TODAY + DAY],
    ['period=yesterday', TODAY - DAY, TODAY],
    ['period=week', Date.parse('2026-03-16T00:00:00Z'), TODAY + DAY],
    ['period=month', Date.parse('2026-03-01T00:00:00Z'), TODAY + DAY],
    ['period=all_time', Date.parse('2000-01-01T00:00:00Z'), TODAY + DAY],
    ['start_date=2026-02-10&end_date=2026-02-20', Date.parse('2026-02-10T00:00:00Z'), Date.parse('2026-02-21T00:00:00Z')],
    ['period=today&tz=America/New_York', Date.parse('2026-03-18T04:00:00Z'), Date.parse('2026-03-19T04:00:00Z')],
    ['start_date=2026-03-01&end_date=2026-03-10&tz=Asia/Kolkata', Date.parse('2026-02-28T18:30:00Z'), Date.parse('2026-03-10T18:30:00Z')],
  ];

  it.each(windows)('totals for %s equal the stored calls of the window', async (query, from, to) => {
    const { status, body } = await fx.get(`/v1/usage?${query}`);
    expect(status).toBe(200);
    expect(mismatches(body, totals(rows.filter(between(from, to))))).toEqual([]);
    expect(body.start_time).toBe(new Date(from).toISOString());
  });

  const filters: Array<[string, (r: CallRow) => boolean]> = [
    ['agent=writer', (r) => r.agent === 'writer'],
    ['provider=anthropic', (r) => r.provider === 'anthropic'],
    ['model=gpt-4o-mini', (r) => modelOf(r) === 'gpt-4o-mini'],
    ['task_type=research', (r) => r.task_type === 'research'],
    ['session_id=default-session-2', (r) => r.session_id === 'default-session-2'],
    ['run_id=default-run-3-1', (r) => r.run_id === 'default-run-3-1'],
    ['agent=researcher&provider=openai', (r) => r.agent === 'researcher' && r.provider === 'openai'],
  ];

  it.each(filters)('filters by %s', async (query, keep) => {
    const { body } = await fx.get(`/v1/usage?period=month&${query}`);
    const monthRows = rows.filter(between(Date.parse('2026-03-01T00:00:00Z'), TODAY + DAY)).filter(keep);
    expect(monthRows.length).toBeGreaterThan(0);
    expect(mismatches(body, totals(monthRows))).toEqual([]);
  });

  it('compares today with yesterday', async () => {
    const { body } = await fx.get('/v1/usage?period=today');
    const today = totals(rows.filter(between(TODAY, TODAY + DAY)));
    const yesterday = totals(rows.filter(between(TODAY - DAY, TODAY)));
    expect(body.previous_period).toMatchObject({ start_date: '2026-03-17', end_date: '2026-03-17', operations: yesterday.operations });
    const change = body.change as { cost: { absolute: number; pct: number }; operations: { absolute: number } };
    expect(nanos(change.cost.absolute)).toBe(nanos(today.total_cost) - nanos(yesterday.total_cost));
    expect(change.cost.pct).toBeCloseTo(((today.total_cost - yesterday.total_cost) / yesterday.total_cost) * 100, 2);
    expect(change.operations.absolute).toBe(today.operations - yesterday.operations);
  });

  it('lists the top models by cost with their provider and calls', async () => {
    const { body } = await fx.get('/v1/usage?period=month&top=2');
    const month = rows.filter(between(Date.parse('2026-03-01T00:00:00Z'), TODAY + DAY));
    const expected = [...groupBy(month, (r) => `${modelOf(r)}|${r.provider}`)]
      .map(([key, rs]) => ({ key, cost: totals(rs).total_cost, calls: rs.length }))
      .sort((a, b) => b.cost - a.cost)
      .slice(0, 2);
    const top = body.top_models as Array<{ model: string; provider: string; cost: number; calls: number }>;
    expect(top.map((m) => `${m.model}|${m.provider}`)).toEqual(expected.map((e) => e.key));
    expect(top.map((m) => m.calls)).toEqual(expected.map((e) => e.calls));
    expect(top.map((m) => nanos(m.cost))).toEqual(expected.map((e) => nanos(e.cost)));
  });

  it('counts unpriced calls, never as $0 spend hidden in the total', async () => {
    const { body } = await fx.get('/v1/usage?period=all_time');
    expect(body.unpriced_operations).toBe(rows.filter((r) => r.total_cost === null).length);
    expect(body.unpriced_operations).toBeGreaterThan(0);
    expect(body.previous_period).toBeNull();
  });

  it('sees only its own tenant', async () => {
    const { body } = await fx.get('/v1/usage?period=all_time');
    expect(body.operations).toBe(rows.length);
  });

  it.each([
    ['period=decade', 'period'],
    ['start_date=2026-02-30', 'start_date'],
    ['start_date=yesterday', 'start_date'],
    ['end_date=2026-13-01', 'end_date'],
    ['start_date=2026-03-10&end_date=2026-03-01', 'end_date'],
    ['period=today&start_date=2026-03-01', 'period'],
    ['tz=Mars/Olympus', 'tz'],
    ['top=0', 'top'],
    ['top=51', 'top'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await fx.get(`/v1/usage?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
