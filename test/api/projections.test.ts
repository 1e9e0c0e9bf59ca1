import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { makeCall } from '../support/records.js';

const HOUR = 3_600_000;
/** Wednesday 18 March 2026, 16:00 UTC: 16 whole hours into the day. */
const NOW = Date.parse('2026-03-18T16:00:00Z');

/** A history whose answer is known: exactly $1 (an explicit cost) every hour, on the hour, for 40 days. */
function dollarAnHour() {
  const calls = [];
  for (let t = NOW - 40 * 24 * HOUR; t < NOW; t += HOUR) {
    calls.push(makeCall({ startUs: t * 1000, priceSource: 'explicit', cost: { inputCost: 1e9, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, reasoningCost: 0, otherCost: 0, totalCost: 1e9 } }));
  }
  return calls;
}

describe('GET /v1/projections', () => {
  let fx: AnalyticsFixture;

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW });
    await fx.store(dollarAnHour());
  });
  afterAll(() => fx.close());

  it('projects today, the week and the month of a steady $24 a day', async () => {
    const { status, body } = await fx.get('/v1/projections');
    expect(status).toBe(200);
    expect(body.today).toMatchObject({ date: '2026-03-18', spent_usd: 16, projected_usd: 24, method: 'current_rate', range: { low_usd: 24, high_usd: 24 } });
    expect(body.week).toMatchObject({ start_date: '2026-03-16', end_date: '2026-03-22', spent_usd: 64, projected_usd: 168, method: 'rolling_7_day_average' });
    expect(body.month).toMatchObject({ month: '2026-03', spent_usd: 424, projected_usd: 744, method: 'trend_with_weekday_seasonality' });
    expect((body.month as { inputs: { model: string; history_days: number } }).inputs).toMatchObject({ model: 'linear_trend_with_weekday_effects', history_days: 30 });
  });

  it('tells when a budget runs out at the projected pace', async () => {
    const { body } = await fx.get('/v1/projections?budget_usd=500&budget_period=monthly');
    expect(body.budget).toMatchObject({ limit_usd: 500, spent_usd: 424, remaining_usd: 76, burn_rate_usd_per_hour: 1, hours_until_depleted: 76, will_exceed: true });
    expect((body.budget as { depletes_at: string }).depletes_at).toBe(new Date(NOW + 76 * HOUR).toISOString());
    const daily = await fx.get('/v1/projections?budget_usd=30&budget_period=daily');
    expect(daily.body.budget).toMatchObject({ spent_usd: 16, hours_until_depleted: 14, will_exceed: false });
  });

  it.each([
    ['budget_usd=-5', 'budget_usd'],
    ['budget_usd=0', 'budget_usd'],
    ['budget_usd=lots', 'budget_usd'],
    ['budget_usd=5&budget_period=yearly', 'budget_period'],
    ['tz=Nowhere/Land', 'tz'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await fx.get(`/v1/projections?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
