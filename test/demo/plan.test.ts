import { describe, expect, it } from 'vitest';
import { calcPrice } from '@pydantic/genai-prices';
import { AGENTS, MODELS } from '../../src/demo/fleet.js';
import { planDemo, type DemoPlan } from '../../src/demo/plan.js';
import { walk, type SpanSpec } from '../../src/demo/span-spec.js';
import { addDays, isoWeekday } from '../../src/util/time.js';

const NOW = Date.parse('2026-03-18T15:30:00Z');
const OPTIONS = { seed: 42, days: 30, runsPerDay: 6, nowMs: NOW };

const spans = (plan: DemoPlan): SpanSpec[] => plan.runs.flatMap((r) => [...walk(r.root)]);
const calls = (plan: DemoPlan) => spans(plan).filter((s) => s.role === 'call');

describe('demo plan', () => {
  const plan = planDemo(OPTIONS);

  it('is the same for the same seed and different for another', () => {
    expect(planDemo(OPTIONS)).toEqual(plan);
    expect(planDemo({ ...OPTIONS, seed: 43 }).totals).not.toEqual(plan.totals);
  });

  it('covers every one of the last 30 UTC days and nothing after now', () => {
    const days = new Set(plan.runs.map((r) => new Date(r.root.startMs).toISOString().slice(0, 10)));
    expect([...days].sort()).toEqual(Array.from({ length: 30 }, (_, i) => addDays('2026-03-18', i - 29)));
    expect(Math.max(...spans(plan).map((s) => s.endMs))).toBeLessThanOrEqual(NOW);
    expect(plan.totals).toMatchObject({ days: 30, firstDay: '2026-02-17', lastDay: '2026-03-18' });
  });

  it('counts what it plans', () => {
    const all = spans(plan);
    const modelCalls = calls(plan);
    expect(plan.totals).toMatchObject({
      runs: plan.runs.length,
      spans: all.length,
      calls: modelCalls.length,
      toolCalls: all.filter((s) => s.role === 'tool').length,
      agentSpans: all.filter((s) => s.role === 'agent').length,
      unpricedCalls: modelCalls.filter((s) => s.costNanos === null).length,
    });
    expect(plan.totals.modelCostNanos).toBe(modelCalls.reduce((sum, s) => sum + (s.costNanos ?? 0), 0));
  });

  it('has every agent, several providers, cached and reasoning tokens, sessions and task types', () => {
    const modelCalls = calls(plan);
    expect(new Set(modelCalls.map((s) => s.agent))).toEqual(new Set(AGENTS.map((a) => a.name)));
    expect(new Set(modelCalls.map((s) => s.attributes['gen_ai.provider.name'])).size).toBeGreaterThanOrEqual(5);
    expect(modelCalls.some((s) => Number(s.attributes['gen_ai.usage.cache_read.input_tokens']) > 0)).toBe(true);
    expect(modelCalls.some((s) => Number(s.attributes['gen_ai.usage.reasoning.output_tokens']) > 0)).toBe(true);
    expect(modelCalls.filter((s) => s.agent === 'support-bot').every((s) => typeof s.attributes['session.id'] === 'string')).toBe(true);
    expect(new Set(modelCalls.map((s) => s.attributes['tokentally.task_type'])).size).toBe(6);
  });

  it('follows every failed call with a retry of the same step, attempt 2, after the failure ended', () => {
    expect(plan.totals.failedCalls).toBeGreaterThan(0);
    expect(plan.totals.retries).toBe(plan.totals.failedCalls);
    for (const run of plan.runs) {
      for (const span of walk(run.root)) {
        span.children.forEach((failed, i) => {
          if (failed.role !== 'call' || failed.error === undefined) return;
          const retry = span.children[i + 1]!;
          expect(retry.attributes).toMatchObject({ 'tokentally.attempt': 2, 'gen_ai.request.model': failed.attributes['gen_ai.request.model'] });
          expect(retry.error).toBeUndefined();
          expect(retry.startMs).toBeGreaterThan(failed.endMs);
        });
      }
    }
  });

  it('prices tools per call and leaves plain tools unpriced', () => {
    const tools = spans(plan).filter((s) => s.role === 'tool');
    const priceOf = (name: string) => new Set(tools.filter((t) => t.attributes['gen_ai.tool.name'] === name).map((t) => t.attributes['tokentally.cost.usd']));
    expect(priceOf('web_search')).toEqual(new Set([0.005]));
    expect(priceOf('scrape')).toEqual(new Set([0.002]));
    expect(priceOf('kb_lookup')).toEqual(new Set([undefined]));
  });

  const full = planDemo({ ...OPTIONS, runsPerDay: 30 });

  it('runs fewer pipelines at weekends and more at the end of the window than at the start', () => {
    const reports = plan.runs.filter((r) => r.pipeline === 'research-report').map((r) => new Date(r.root.startMs).toISOString().slice(0, 10));
    const weekend = reports.filter((d) => isoWeekday(d) >= 6).length / 8;
    const weekday = reports.filter((d) => isoWeekday(d) <= 5).length / 22;
    expect(weekend).toBeLessThan(weekday / 2);
    const inWeek = (from: number) => full.runs.filter((r) => r.root.startMs >= NOW - from * 86_400_000 && r.root.startMs < NOW - (from - 7) * 86_400_000).length;
    expect(inWeek(7)).toBeGreaterThan(inWeek(28));
  });

  it('sizes the default history at 20-40 thousand spans', () => {
    expect(full.totals.spans).toBeGreaterThan(20_000);
    expect(full.totals.spans).toBeLessThan(40_000);
  });
});

describe('demo fleet models', () => {
  it.each(Object.entries(MODELS))('%s is priced by the catalog exactly when the fleet says so', (_name, model) => {
    const price = calcPrice({ input_tokens: 1000, output_tokens: 100 }, model.model, { providerId: model.catalogProvider ?? model.provider });
    expect(price !== undefined && price !== null).toBe(model.catalogProvider !== null);
  });
});
