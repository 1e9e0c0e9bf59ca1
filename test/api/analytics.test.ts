import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, groupBy, nanos, startMs, totals, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';
import { makeCall } from '../support/records.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Point {
  bucket: string;
  cost: number;
  operations: number;
}

/** One call a day for 20 days per agent, at explicit costs: "grower" $1 more each day, "steady" $5, "shrinker" $1 less. */
function trendCalls() {
  const start = Date.parse('2026-02-20T12:00:00Z');
  return Array.from({ length: 20 }, (_, d) =>
    (
      [
        ['grower', 1 + d],
        ['steady', 5],
        ['shrinker', 25 - d],
      ] as const
    ).map(([agent, usd]) =>
      makeCall({ tenant: 'trends', agent, startUs: (start + d * DAY) * 1000, priceSource: 'explicit', cost: { inputCost: usd * 1e9, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, reasoningCost: 0, otherCost: 0, totalCost: usd * 1e9 } }),
    ),
  ).flat();
}

describe('GET /v1/analytics', () => {
  let fx: AnalyticsFixture;
  let rows: CallRow[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({
      clock: () => NOW_MS,
      tenants: ['trends'],
      apiKeys: [
        { key: 'default-read-key-0001', tenant: 'default', scopes: ['read'] },
        { key: 'trends-read-key-00001', tenant: 'trends', scopes: ['read'] },
      ],
    });
    const history = syntheticHistory();
    await fx.store(history, syntheticActivity(history));
    await fx.store(trendCalls());
    rows = (await fx.facts()).filter((r) => r.tenant === 'default');
  });
  afterAll(() => fx.close());
  const get = (path: string) => fx.get(path, 'default-read-key-0001');

  it('answers cost and operations per day, zero-filled, with total, average, peak and lowest', async () => {
    const { status, body } = await get('/v1/analytics?start_date=2026-01-25&end_date=2026-03-18&group_by=day');
    expect(status).toBe(200);
    const data = body.data as Point[];
    expect(data).toHaveLength(53);
    const byDay = groupBy(rows, (r) => r.start_time.slice(0, 10));
    for (const p of data) {
      const t = totals(byDay.get(p.bucket) ?? []);
      expect([p.bucket, nanos(p.cost), p.operations]).toEqual([p.bucket, nanos(t.total_cost), t.operations]);
    }
    expect(data[0]).toEqual({ bucket: '2026-01-25', cost: 0, operations: 0 });
    const all = totals(rows.filter(between(Date.parse('2026-01-25T00:00:00Z'), Date.parse('2026-03-19T00:00:00Z'))));
    expect(nanos(body.total_cost as number)).toBe(nanos(all.total_cost));
    expect(body.total_operations).toBe(all.operations);
    expect(body.daily_average).toBeCloseTo(all.total_cost / 53, 8);
    const costs = data.map((p) => p.cost);
    expect((body.peak as Point).cost).toBe(Math.max(...costs));
    expect((body.lowest as Point).cost).toBe(0);
  });

  it('buckets by UTC hour', async () => {
    const { body } = await get('/v1/analytics?start_date=2026-03-16&end_date=2026-03-17&group_by=hour');
    const data = body.data as Point[];
    expect(data).toHaveLength(48);
    expect(data[0]!.bucket).toBe('2026-03-16T00:00:00.000Z');
    const byHour = groupBy(rows, (r) => new Date(Math.floor(startMs(r) / HOUR) * HOUR).toISOString());
    for (const p of data) expect(p.operations).toBe(byHour.get(p.bucket)?.length ?? 0);
  });

  it('buckets by local day in a time zone', async () => {
    const { body } = await get('/v1/analytics?start_date=2026-03-01&end_date=2026-03-10&group_by=day&tz=Asia/Kolkata');
    const local = (r: CallRow) => new Date(startMs(r) + 5.5 * HOUR).toISOString().slice(0, 10);
    const byDay = groupBy(rows, local);
    for (const p of body.data as Point[]) expect(p.operations).toBe(byDay.get(p.bucket)?.length ?? 0);
  });

  it('averages each hour of the day over the days of the window', async () => {
    const { body } = await get('/v1/analytics?start_date=2026-03-01&end_date=2026-03-10&group_by=hour_of_day');
    const data = body.data as Point[];
    expect(data.map((p) => p.bucket)).toEqual(Array.from({ length: 24 }, (_, h) => String(h)));
    const window = rows.filter(between(Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-11T00:00:00Z')));
    const byHour = groupBy(window, (r) => String(new Date(r.start_time).getUTCHours()));
    for (const p of data) {
      const t = totals(byHour.get(p.bucket) ?? []);
      expect(p.operations).toBeCloseTo(t.operations / 10, 4);
      expect(p.cost).toBeCloseTo(t.total_cost / 10, 8);
    }
  });

  it('splits into series by provider that add up to the buckets', async () => {
    const { body } = await get('/v1/analytics?start_date=2026-03-01&end_date=2026-03-18&split_by=provider');
    const series = body.series as Array<{ key: string; operations: number; data: Point[] }>;
    const window = rows.filter(between(Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-19T00:00:00Z')));
    expect(series.map((s) => s.key).sort()).toEqual([...groupBy(window, (r) => r.provider).keys()].sort());
    const data = body.data as Point[];
    data.forEach((p, i) => expect(series.reduce((s, x) => s + x.data[i]!.operations, 0)).toBe(p.operations));
  });

  it('fits each agent a trend with its numbers', async () => {
    const { body } = await fx.get('/v1/analytics?start_date=2026-02-20&end_date=2026-03-11', 'trends-read-key-00001');
    const trends = Object.fromEntries((body.agent_trends as Array<{ agent: string; direction: string; slope_usd_per_day: number }>).map((t) => [t.agent, t]));
    expect(trends.grower).toMatchObject({ direction: 'increasing', slope_usd_per_day: 1 });
    expect(trends.steady).toMatchObject({ direction: 'stable', slope_usd_per_day: 0 });
    expect(trends.shrinker).toMatchObject({ direction: 'decreasing', slope_usd_per_day: -1 });
  });

  it('starts all_time at the first stored day', async () => {
    const { body } = await fx.get('/v1/analytics?period=all_time', 'trends-read-key-00001');
    expect(body.start_date).toBe('2026-02-20');
  });

  it.each([
    ['group_by=week', 'group_by'],
    ['split_by=colour', 'split_by'],
    ['group_by=hour&start_date=2025-01-01&end_date=2025-12-31', 'group_by'],
    ['start_date=2026-03-01&end_date=2026-02-01', 'end_date'],
    ['start_date=03/01/2026', 'start_date'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await get(`/v1/analytics?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
