import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForUpdate } from '@pydantic/genai-prices';
import { recommendationsFixture, forAgent, type Fixture } from '../recommendations/support/fixture.js';
import { catalogNanos, spread, storedNanos, tokensOf } from '../recommendations/support/history.js';

const OPUS = { provider: 'anthropic', model: 'claude-opus-4-1' };
const short = (i: number) => ({ input: i % 2 === 0 ? 3_000 : 3_400, output: i % 2 === 0 ? 200 : 300 });

const analyst = spread(40, { agent: 'analyst', taskType: 'summarize', ...OPUS, input: 0, output: 0 }, { vary: short });
const history = [
  ...analyst,
  // Long outputs: generation where a smaller model shows most.
  ...spread(40, { agent: 'writer', taskType: 'drafting', ...OPUS, input: 2_000, output: 2_500 }),
  // A task type configured as needing the flagship.
  ...spread(40, { agent: 'counsel', taskType: 'legal-review', ...OPUS, input: 3_000, output: 200 }),
  // Too little data: fewer calls than min_calls.
  ...spread(12, { agent: 'newcomer', taskType: 'summarize', ...OPUS, input: 3_000, output: 200 }),
  // Already on a cheap model.
  ...spread(40, { agent: 'helper', taskType: 'summarize', provider: 'anthropic', model: 'claude-haiku-4-5', input: 3_000, output: 200 }),
];

describe('model downgrade recommendations, from calls sent through the OTLP receiver', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await recommendationsFixture(history, { recommendations: { model_downgrade: { needs_flagship_task_types: ['legal-review'] } } });
  });
  afterAll(() => fx.stop());

  it('suggests a cheaper model of a lower price class, with savings priced on the agent\'s own token mix', async () => {
    const body = await forAgent(fx.api, 'analyst');
    const rec = body.data.find((r) => r.kind === 'model_downgrade')!;
    expect(rec).toMatchObject({ agents: ['analyst'], models: ['claude-opus-4-1'], task_types: ['summarize'] });
    const ev = rec.evidence;
    expect(ev).toMatchObject({ calls: 40, current_model: 'claude-opus-4-1', current_price_class: 'flagship', suggested_provider: 'anthropic', minimum_calls: 30 });
    expect(['standard', 'economy']).toContain(ev.suggested_price_class);

    const tokens = tokensOf(analyst);
    const current = catalogNanos(tokens, 'claude-opus-4-1', 'anthropic');
    const suggested = catalogNanos(tokens, ev.suggested_model as string, 'anthropic');
    expect(suggested).toBeLessThan(current);
    expect(rec.estimated_monthly_savings_usd).toBe((current - suggested) / 1e9);
    expect(rec.percent_reduction).toBe(Math.round((10_000 * (current - suggested)) / current) / 100);
    expect(ev.cost_at_current_prices_usd).toBe(current / 1e9);
    expect(ev.cost_at_suggested_prices_usd).toBe(suggested / 1e9);
    expect(ev.actual_cost_usd).toBe(storedNanos(analyst, 'anthropic') / 1e9);
    expect(ev.avg_output_tokens).toBe(250);
  });

  it('takes the suggested model\'s prices from the catalog', async () => {
    const ev = (await forAgent(fx.api, 'analyst')).data[0]!.evidence;
    const model = (await waitForUpdate())!.find((p) => p.id === 'anthropic')!.models.find((m) => m.id === ev.suggested_model)!;
    const prices = Array.isArray(model.prices) ? model.prices.at(-1)!.prices : model.prices;
    const base = (v: unknown) => (typeof v === 'number' ? v : (v as { base: number }).base);
    expect(ev.suggested_blended_price_per_mtok).toBe(base(prices.input_mtok) + base(prices.output_mtok));
    expect(ev.suggested_blended_price_per_mtok as number).toBeLessThan(ev.current_blended_price_per_mtok as number);
  });

  it.each([
    ['writer', 'long_outputs', /2500 tokens, above 1000/],
    ['counsel', 'needs_flagship', /legal-review/],
    ['newcomer', 'too_little_data', /12 calls in the window; at least 30/],
  ])('holds back for %s: %s', async (agent, reason, detail) => {
    const body = await forAgent(fx.api, agent);
    expect(body.data.filter((r) => r.kind === 'model_downgrade')).toEqual([]);
    expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'model_downgrade', reason, detail: expect.stringMatching(detail) }));
  });

  it('says nothing about agents already on a model below the flagship class', async () => {
    const body = await forAgent(fx.api, 'helper');
    expect(body.data.filter((r) => r.kind === 'model_downgrade')).toEqual([]);
    expect(body.skipped.filter((s) => s.kind === 'model_downgrade')).toEqual([]);
  });
});
