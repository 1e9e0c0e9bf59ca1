import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { factRows, groupBy, nanos, quantile, totals, type ActivityRow, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

interface RunAnswer {
  run_id: string;
  start_time: string;
  end_time: string;
  status: string;
  calls: number;
  model_cost: number;
  tool_cost: number;
  total_cost: number;
  retry_cost: number;
  tool_calls: number;
  agents: string[];
}

interface ExpectedRun {
  runId: string;
  start: number;
  calls: CallRow[];
  activity: ActivityRow[];
  /** Calls and priced activity: what run_agents splits between agents. */
  facts: CallRow[];
  modelNanos: number;
  toolNanos: number;
}

describe('GET /v1/runs', () => {
  let fx: AnalyticsFixture;
  let runs: ExpectedRun[];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const calls = syntheticHistory({ days: 10 });
    await fx.store(calls, syntheticActivity(calls));
    const callRows = await fx.calls();
    const activity = await fx.activity();
    const activityByRun = groupBy(activity, (a) => a.run_id);
    runs = [...groupBy(callRows, (r) => r.run_id)].map(([runId, rs]) => {
      const acts = activityByRun.get(runId!) ?? [];
      const starts = [...rs, ...acts].map((x) => Date.parse(x.start_time));
      return {
        runId: runId!,
        start: Math.min(...starts),
        calls: rs,
        activity: acts,
        facts: factRows(rs, acts),
        modelNanos: rs.reduce((s, r) => s + nanos(r.total_cost), 0),
        toolNanos: acts.reduce((s, a) => s + nanos(a.cost), 0),
      };
    });
  });
  afterAll(() => fx.close());

  it('lists every run newest first with totals equal to its calls and activity', async () => {
    const { status, body } = await fx.get('/v1/runs?limit=500');
    expect(status).toBe(200);
    const data = body.data as RunAnswer[];
    expect((body.pagination as { total: number }).total).toBe(runs.length);
    expect(data.map((r) => r.run_id)).toEqual([...runs].sort((a, b) => b.start - a.start || a.runId.localeCompare(b.runId)).map((r) => r.runId));
    for (const r of data) {
      const e = runs.find((x) => x.runId === r.run_id)!;
      expect(r.calls).toBe(e.calls.length);
      expect(nanos(r.model_cost)).toBe(e.modelNanos);
      expect(nanos(r.tool_cost)).toBe(e.toolNanos);
      expect(nanos(r.total_cost)).toBe(e.modelNanos + e.toolNanos);
      expect(nanos(r.retry_cost)).toBe(e.calls.filter((c) => c.is_retry).reduce((s, c) => s + nanos(c.total_cost), 0));
      expect(r.tool_calls).toBe(e.activity.filter((a) => a.event_type === 'tool_call').length);
      expect(r.start_time).toBe(new Date(e.start).toISOString());
      expect([...r.agents].sort()).toEqual([...groupBy(e.calls, (c) => c.agent).keys()].sort());
    }
  });

  it('filters by agent, status and cost, and sorts by cost', async () => {
    const withWriter = runs.filter((r) => r.calls.some((c) => c.agent === 'writer'));
    expect((await fx.get('/v1/runs?agent=writer')).body.pagination).toMatchObject({ total: withWriter.length });
    const lastStatus = (r: ExpectedRun) => [...r.calls].sort((a, b) => Date.parse(b.end_time) - Date.parse(a.end_time))[0]!.status;
    const failed = await fx.get('/v1/runs?status=error&limit=500');
    expect((failed.body.data as RunAnswer[]).map((r) => r.run_id).sort()).toEqual(runs.filter((r) => lastStatus(r) === 'error').map((r) => r.runId).sort());
    const cost = (r: ExpectedRun) => (r.modelNanos + r.toolNanos) / 1e9;
    const mid = await fx.get('/v1/runs?min_cost=0.01&max_cost=0.03&limit=500');
    expect((mid.body.pagination as { total: number }).total).toBe(runs.filter((r) => cost(r) >= 0.01 && cost(r) <= 0.03).length);
    const costly = (await fx.get('/v1/runs?sort=cost&limit=3')).body.data as RunAnswer[];
    expect(costly.map((r) => r.run_id)).toEqual([...runs].sort((a, b) => cost(b) - cost(a)).slice(0, 3).map((r) => r.runId));
  });

  it('gives each agent the average and percentiles of its cost per run', async () => {
    const { body } = await fx.get('/v1/runs?limit=1');
    const stats = body.cost_per_run_by_agent as Array<{ agent: string; runs: number; average_cost: number; p50_cost: number; p90_cost: number; p99_cost: number }>;
    for (const s of stats) {
      const perRun = runs.flatMap((r) => {
        const mine = r.facts.filter((c) => c.agent === s.agent);
        return mine.length === 0 ? [] : [totals(mine).total_cost];
      });
      expect(s.runs).toBe(perRun.length);
      expect(s.average_cost).toBeCloseTo(perRun.reduce((a, b) => a + b, 0) / perRun.length, 8);
      expect(s.p50_cost).toBeCloseTo(quantile(perRun, 0.5), 8);
      expect(s.p90_cost).toBeCloseTo(quantile(perRun, 0.9), 8);
      expect(s.p99_cost).toBeCloseTo(quantile(perRun, 0.99), 8);
    }
  });

  it('details one run: agents and shares, retry cost, timeline of calls and activity', async () => {
    const run = runs.find((r) => r.activity.length > 0 && new Set(r.calls.map((c) => c.agent)).size > 1)!;
    const { status, body } = await fx.get(`/v1/runs/${run.runId}`);
    expect(status).toBe(200);
    const agents = body.agents as Array<{ agent: string; cost: number; share_pct: number; calls: number }>;
    const byAgent = groupBy(run.facts, (c) => c.agent);
    expect(agents.map((a) => a.agent).sort()).toEqual([...byAgent.keys()].sort());
    for (const a of agents) {
      expect(a.calls).toBe(byAgent.get(a.agent)!.length);
      expect(a.share_pct).toBeCloseTo((totals(byAgent.get(a.agent)!).total_cost / ((run.modelNanos + run.toolNanos) / 1e9)) * 100, 3);
    }
    const timeline = body.timeline as Array<{ kind: string; span_id: string; start_time: string; response_id?: string | null }>;
    expect(timeline).toHaveLength(run.calls.length + run.activity.length);
    expect(timeline.filter((t) => t.kind === 'model_call').map((t) => t.span_id).sort()).toEqual(run.calls.map((c) => c.span_id).sort());
    // Each call with the provider's id of its response, to look it up in the provider's logs.
    const responseIds = new Map(run.calls.map((c) => [c.span_id, c.response_id]));
    for (const t of timeline.filter((t) => t.kind === 'model_call')) expect(t.response_id).toBe(responseIds.get(t.span_id));
    expect(timeline.filter((t) => t.kind === 'model_call').every((t) => /^resp_/.test(t.response_id ?? ''))).toBe(true);
    const starts = timeline.map((t) => Date.parse(t.start_time));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('answers 404 for an unknown run', async () => {
    const { status, body } = await fx.get('/v1/runs/no-such-run');
    expect(status).toBe(404);
    expect(body.error?.code).toBe('not_found');
  });

  it.each([
    ['status=exploded', 'status'],
    ['limit=501', 'limit'],
    ['min_cost=-1', 'min_cost'],
    ['min_cost=5&max_cost=1', 'max_cost'],
    ['sort=alphabetical', 'sort'],
    ['period=eon', 'period'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await fx.get(`/v1/runs?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
