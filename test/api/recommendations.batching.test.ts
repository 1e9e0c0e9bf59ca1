import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendationsFixture, forAgent, type Fixture } from '../recommendations/support/fixture.js';
import { bursts, catalogNanos, spread, tokensOf } from '../recommendations/support/history.js';
import type { CallSpec } from '../recommendations/support/otlp.js';

const LUNA = { provider: 'openrouter', model: 'openai/gpt-6-luna' };
const small = { input: 300, output: 50 };
const burst = (agent: string, model: { provider: string; model: string }, count = 4, extra: Partial<CallSpec> = {}) =>
  bursts(count, 12, { agent, ...model, ...small, ...extra }, { gapMs: 2_000 });

// A negotiated batch price, as an operator configures it: an override for `<model>:batch`.
const BATCH_OVERRIDE = { provider: 'openai', model: 'gpt-4o-mini:batch', input_mtok: 0.07, output_mtok: 0.29 };

const tagger = burst('tagger', LUNA);
const classifier = burst('classifier', { provider: 'openai', model: 'gpt-4o-mini' });
const history = [
  ...tagger,
  ...classifier,
  ...burst('tagger-anthropic', { provider: 'anthropic', model: 'claude-haiku-4-5' }),
  ...spread(48, { agent: 'tagger-sparse', ...LUNA, ...small }),
  ...burst('tagger-few', LUNA, 2),
  ...burst('tagger-large', LUNA, 4, { input: 5_000 }),
  ...burst('tagger-batched', LUNA, 4, { serviceTier: 'batch' }),
];

const kinds = (body: { data: Array<{ kind: string }> }) => body.data.map((r) => r.kind);

describe('batching recommendations, from calls sent through the OTLP receiver', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await recommendationsFixture(history, { pricing: { overrides: [BATCH_OVERRIDE] } });
  });
  afterAll(() => fx.stop());

  it('prices bursts of small calls at the catalog\'s batch price', async () => {
    const rec = (await forAgent(fx.api, 'tagger')).data.find((r) => r.kind === 'batching')!;
    const tokens = tokensOf(tagger);
    const standard = catalogNanos(tokens, 'openai/gpt-6-luna', 'openrouter');
    const batch = catalogNanos(tokens, 'openai/gpt-6-luna:batch', 'openrouter');
    expect(rec).toMatchObject({ agents: ['tagger'], models: ['openai/gpt-6-luna'], estimated_monthly_savings_usd: (standard - batch) / 1e9 });
    expect(rec.evidence).toMatchObject({ calls: 48, burst_hours: 4, batch_priced_as: 'openai/gpt-6-luna:batch', cost_at_batch_prices_usd: batch / 1e9 });
    expect(rec.percent_reduction).toBe(Math.round((10_000 * (standard - batch)) / standard) / 100);
  });

  it('uses a batch price an override gives', async () => {
    const rec = (await forAgent(fx.api, 'classifier')).data.find((r) => r.kind === 'batching')!;
    const tokens = tokensOf(classifier);
    const standard = catalogNanos(tokens, 'gpt-4o-mini', 'openai');
    const batch = Math.round(((tokens.input_tokens * BATCH_OVERRIDE.input_mtok + tokens.output_tokens * BATCH_OVERRIDE.output_mtok) / 1e6) * 1e9);
    expect(rec.evidence).toMatchObject({ batch_priced_as: 'gpt-4o-mini:batch', cost_at_batch_prices_usd: batch / 1e9 });
    expect(rec.estimated_monthly_savings_usd).toBe((standard - batch) / 1e9);
  });

  it('does not fire where the provider has no batch price: no discount is assumed', async () => {
    const body = await forAgent(fx.api, 'tagger-anthropic');
    expect(kinds(body)).not.toContain('batching');
    expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'batching', reason: 'no_batch_price' }));
  });

  it('holds back with too few calls in bursts', async () => {
    const body = await forAgent(fx.api, 'tagger-few');
    expect(kinds(body)).not.toContain('batching');
    expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'batching', reason: 'too_little_data', detail: '24 calls in bursts in the window; at least 30 are needed' }));
  });

  it('holds back where the agent already sends the model batch calls', async () => {
    const body = await forAgent(fx.api, 'tagger-batched');
    expect(kinds(body)).not.toContain('batching');
    expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'batching', reason: 'already_batching', detail: 'calls already go at the batch tier' }));
  });

  it.each(['tagger-sparse', 'tagger-large'])('is silent for %s (no bursts, large calls)', async (agent) => {
    const body = await forAgent(fx.api, agent);
    expect(kinds(body)).not.toContain('batching');
    expect(body.skipped.filter((s) => s.kind === 'batching')).toEqual([]);
  });
});
