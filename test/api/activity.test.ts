import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import type { ActivityRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

interface EventAnswer {
  event_type: string;
  agent: string;
  start_time: string;
  span_id: string;
  cost: number | null;
  price_source: string;
}

describe('GET /v1/activity', () => {
  let fx: AnalyticsFixture;
  let events: ActivityRow[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const history = syntheticHistory({ callsPerDay: 60 });
    await fx.store(history, syntheticActivity(history));
    events = await fx.activity();
  });
  afterAll(() => fx.close());

  const newestFirst = (xs: ActivityRow[]) => [...xs].sort((a, b) => b.start_time.localeCompare(a.start_time) || a.span_id.localeCompare(b.span_id));

  it('lists the log newest first, 100 by default', async () => {
    const { status, body } = await fx.get('/v1/activity');
    expect(status).toBe(200);
    expect(events.length).toBeGreaterThan(500);
    expect((body.data as EventAnswer[]).map((e) => e.span_id)).toEqual(newestFirst(events).slice(0, 100).map((e) => e.span_id));
    expect(body.pagination).toEqual({ total: events.length, limit: 100, offset: 0, has_more: true });
  });

  it('pages up to 500', async () => {
    const { body } = await fx.get('/v1/activity?limit=500&offset=100');
    expect((body.data as EventAnswer[]).map((e) => e.span_id)).toEqual(newestFirst(events).slice(100, 600).map((e) => e.span_id));
  });

  it('says where each cost came from: an explicit cost, or none', async () => {
    const { body } = await fx.get('/v1/activity?limit=500');
    const answered = body.data as EventAnswer[];
    expect(answered.some((e) => e.cost !== null)).toBe(true);
    for (const e of answered) expect(e.price_source).toBe(e.cost === null ? 'unpriced' : 'explicit');
  });

  it('filters by agent, event type and time', async () => {
    const from = '2026-03-10';
    const to = '2026-03-12T12:00:00Z';
    const { body } = await fx.get(`/v1/activity?agent=writer&event_type=tool_call&from=${from}&to=${to}&limit=500`);
    const expected = events.filter(
      (e) => e.agent === 'writer' && e.event_type === 'tool_call' && Date.parse(e.start_time) >= Date.parse('2026-03-10T00:00:00Z') && Date.parse(e.start_time) < Date.parse(to),
    );
    expect((body.data as EventAnswer[]).map((e) => e.span_id).sort()).toEqual(expected.map((e) => e.span_id).sort());
    const errors = await fx.get('/v1/activity?event_type=error&to=2026-03-10');
    const expectedErrors = events.filter((e) => (e.event_type === 'error' || e.status === 'error') && Date.parse(e.start_time) < Date.parse('2026-03-11T00:00:00Z'));
    expect(expectedErrors.length).toBeGreaterThan(0);
    expect((errors.body.pagination as { total: number }).total).toBe(expectedErrors.length);
  });

  it.each([
    ['limit=501', 'limit'],
    ['event_type=lunch', 'event_type'],
    ['from=last-tuesday', 'from'],
    ['to=2026-03-01T10:00:00', 'to'],
    ['from=2026-03-10&to=2026-03-01', 'to'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await fx.get(`/v1/activity?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
