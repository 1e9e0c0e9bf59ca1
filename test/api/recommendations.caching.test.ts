import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendationsFixture, forAgent, type Fixture } from '../recommendations/support/fixture.js';
import { bursts, catalogNanos, requestHash, spread, storedNanos, tokensOf } from '../recommendations/support/history.js';
import type { CallSpec } from '../recommendations/support/otlp.js';

const MINI = { provider: 'openai', model: 'gpt-4o-mini' };
const SONNET = { provider: 'anthropic', model: 'claude-sonnet-4-5' };

// Ten requests asked four times each: every call after a request's first is a repeat.
const faq = spread(40, { agent: 'faq-bot', ...MINI, input: 0, output: 120 }, { vary: (i) => ({ requestHash: requestHash(i % 10), input: 1_000 + 100 * (i % 10) }) });
const repeats = faq.slice(10);
// Each failure is retried with the same request hash: a retry, not a cacheable repeat.
const flaky: CallSpec[] = spread(40, { agent: 'flaky-bot', ...MINI, input: 900, output: 80 }, { vary: (i) => ({ requestHash: requestHash(100 + Math.floor(i / 2)), runId: `flaky-${Math.floor(i / 2)}`, ...(i % 2 === 0 ? { error: true } : { attempt: 2 }) }) });

// Bursts of five calls inside one 5-minute cache lifetime, large inputs, no cache use.
const support = bursts(8, 5, { agent: 'support', ...SONNET, input: 0, output: 150 }, { gapMs: 30_000, vary: (i) => ({ input: i % 2 === 0 ? 4_000 : 5_000 }) });

const history = [
  ...faq,
  ...spread(40, { agent: 'unique-bot', ...MINI, input: 1_000, output: 120 }, { vary: (i) => ({ requestHash: requestHash(1_000 + i) }) }),
  ...flaky,
  ...spread(12, { agent: 'small-faq', ...MINI, input: 1_000, output: 120 }, { vary: (i) => ({ requestHash: requestHash(2_000 + (i % 4)) }) }),
  ...support,
  ...bursts(8, 5, { agent: 'support-cached', ...SONNET, input: 4_000, output: 150, cacheRead: 3_500 }, { gapMs: 30_000 }),
  ...bursts(8, 5, { agent: 'support-short', ...SONNET, input: 600, output: 150 }, { gapMs: 30_000 }),
  ...bursts(8, 5, { agent: 'support-legacy', provider: 'anthropic', model: 'claude-2', input: 4_000, output: 150 }, { gapMs: 30_000 }),
  ...spread(40, { agent: 'support-sparse', ...SONNET, input: 4_000, output: 150 }),
];

const kinds = (body: { data: Array<{ kind: string }> }) => body.data.map((r) => r.kind);

describe('caching recommendations, from calls sent through the OTLP receiver', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await recommendationsFixture(history);
  });
  afterAll(() => fx.stop());

  describe('response caching (identical requests by request hash)', () => {
    it('recommends a response cache worth what the repeats cost', async () => {
      const rec = (await forAgent(fx.api, 'faq-bot')).data.find((r) => r.kind === 'response_caching')!;
      const repeatNanos = storedNanos(repeats, 'openai');
      expect(rec).toMatchObject({ agents: ['faq-bot'], models: ['gpt-4o-mini'], estimated_monthly_savings_usd: repeatNanos / 1e9 });
      expect(rec.evidence).toMatchObject({ calls: 40, repeated_requests: 10, repeated_calls: 30, repeat_share_percent: 75, repeat_cost_usd: repeatNanos / 1e9 });
      expect(rec.percent_reduction).toBe(Math.round((10_000 * repeatNanos) / storedNanos(faq, 'openai')) / 100);
      const top = rec.evidence.top_repeated_requests as Array<{ request_hash: string; calls: number }>;
      expect(top).toHaveLength(3);
      expect(top[0]).toMatchObject({ request_hash: requestHash(9).slice(0, 16), calls: 4 });
    });

    it('is silent without repeats, and for retries of failed calls', async () => {
      expect(kinds(await forAgent(fx.api, 'unique-bot'))).not.toContain('response_caching');
      expect(kinds(await forAgent(fx.api, 'flaky-bot'))).not.toContain('response_caching');
    });

    it('holds back with too little data', async () => {
      const body = await forAgent(fx.api, 'small-faq');
      expect(kinds(body)).not.toContain('response_caching');
      expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'response_caching', reason: 'too_little_data', detail: '12 calls in the window; at least 30 are needed' }));
    });
  });

  describe('prompt caching (large repeated input without cache reads)', () => {
    it('prices a cached prefix of the smallest input: one cache write per 5-minute slot, reads for the rest', async () => {
      const rec = (await forAgent(fx.api, 'support')).data.find((r) => r.kind === 'prompt_caching')!;
      const tokens = tokensOf(support);
      const current = catalogNanos(tokens, 'claude-sonnet-4-5', 'anthropic');
      const cached = catalogNanos({ ...tokens, cache_read_tokens: 4_000 * 32, cache_write_tokens: 4_000 * 8 }, 'claude-sonnet-4-5', 'anthropic');
      expect(rec.evidence).toMatchObject({ calls: 40, estimated_prefix_tokens: 4_000, estimated_cache_writes: 8, estimated_cache_reads: 32, cache_ttl_minutes: 5 });
      expect(rec.estimated_monthly_savings_usd).toBe((current - cached) / 1e9);
      expect(rec.evidence.cost_with_prompt_caching_usd).toBe(cached / 1e9);
      expect(rec.percent_reduction).toBe(Math.round((10_000 * (current - cached)) / current) / 100);
    });

    it('holds back where the cache is already read', async () => {
      const body = await forAgent(fx.api, 'support-cached');
      expect(kinds(body)).not.toContain('prompt_caching');
      expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'prompt_caching', reason: 'already_caching' }));
    });

    it('holds back where calls are too far apart for a cached prefix to be read', async () => {
      const body = await forAgent(fx.api, 'support-sparse');
      expect(kinds(body)).not.toContain('prompt_caching');
      expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'prompt_caching', reason: 'no_savings' }));
    });

    it('is silent for short inputs and for models without a cache-read price', async () => {
      for (const agent of ['support-short', 'support-legacy']) {
        const body = await forAgent(fx.api, agent);
        expect(kinds(body)).not.toContain('prompt_caching');
        expect(body.skipped.filter((s) => s.kind === 'prompt_caching')).toEqual([]);
      }
    });
  });
});
