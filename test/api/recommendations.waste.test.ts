import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendationsFixture, forAgent, type Fixture } from '../recommendations/support/fixture.js';
import { DAY_MS, NOW_MS, catalogNanos, spread, storedNanos } from '../recommendations/support/history.js';
import type { CallSpec } from '../recommendations/support/otlp.js';

const HAIKU = { provider: 'anthropic', model: 'claude-haiku-4-5' };

// 32 calls succeed; 8 fail after being billed and are retried.
const fetcher = spread(48, { agent: 'fetcher', ...HAIKU, input: 2_000, output: 100 }, { vary: (i) => (i % 6 === 0 ? { error: true, runId: `fetch-${i}` } : i % 6 === 1 ? { attempt: 2, runId: `fetch-${i - 1}` } : {}) });
const failed = fetcher.filter((c) => c.error);
const retries = fetcher.filter((c) => c.attempt === 2);

/** `runs` runs of `callsPerRun` identical calls each, one every `everyDays` days from `fromDaysAgo`. */
function runs(agent: string, prefix: string, count: number, callsPerRun: (run: number) => number, fromDaysAgo: number, everyDays: number): CallSpec[] {
  const calls: CallSpec[] = [];
  for (let r = 0; r < count; r++) {
    const start = NOW_MS - (fromDaysAgo - r * everyDays) * DAY_MS;
    for (let i = 0; i < callsPerRun(r); i++) calls.push({ agent, ...HAIKU, input: 2_000, output: 200, runId: `${prefix}-${r}`, startMs: start + i * 5_000 });
  }
  return calls;
}

const CALL = catalogNanos({ input_tokens: 2_000, output_tokens: 200 }, 'claude-haiku-4-5', 'anthropic');

const history = [
  ...fetcher,
  ...spread(40, { agent: 'steady', ...HAIKU, input: 2_000, output: 100 }),
  ...spread(100, { agent: 'rare-fail', ...HAIKU, input: 2_000, output: 100 }, { vary: (i) => (i === 50 ? { error: true } : {}) }),
  ...spread(10, { agent: 'fragile', ...HAIKU, input: 2_000, output: 100 }, { vary: (i) => (i < 3 ? { error: true } : {}) }),
  // 15 baseline runs of 2 calls (days 28..14), then 5 recent ones of which runs 1 and 3 make 10 calls.
  ...runs('summarizer', 'sum-base', 15, () => 2, 28, 1),
  ...runs('summarizer', 'sum-recent', 5, (r) => (r % 2 === 1 ? 10 : 2), 6, 1),
  ...runs('stable', 'stable-base', 15, () => 2, 28, 1),
  ...runs('stable', 'stable-recent', 5, () => 2, 6, 1),
  ...runs('young', 'young-base', 5, () => 2, 20, 2),
  ...runs('young', 'young-recent', 1, () => 10, 3, 1),
  ...runs('shifted', 'shift-base', 12, () => 2, 28, 1),
  ...runs('shifted', 'shift-recent', 4, () => 8, 6, 1),
];

const kinds = (body: { data: Array<{ kind: string }> }) => body.data.map((r) => r.kind);

describe('waste recommendations, from calls sent through the OTLP receiver', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await recommendationsFixture(history);
  });
  afterAll(() => fx.stop());

  describe('retry waste', () => {
    it('counts what failed attempts cost, with the retries beside it', async () => {
      const rec = (await forAgent(fx.api, 'fetcher')).data.find((r) => r.kind === 'retry_waste')!;
      const failedNanos = storedNanos(failed, 'anthropic');
      expect(rec).toMatchObject({ agents: ['fetcher'], models: ['claude-haiku-4-5'], estimated_monthly_savings_usd: failedNanos / 1e9 });
      expect(rec.evidence).toMatchObject({
        calls: 48,
        failed_calls: 8,
        failed_cost_usd: failedNanos / 1e9,
        retry_calls: 8,
        retry_cost_usd: storedNanos(retries, 'anthropic') / 1e9,
        actual_cost_usd: storedNanos(fetcher, 'anthropic') / 1e9,
      });
      expect(rec.percent_reduction).toBe(Math.round((10_000 * failedNanos) / storedNanos(fetcher, 'anthropic')) / 100);
    });

    it('is silent without failures, and below min_waste_percent', async () => {
      expect(kinds(await forAgent(fx.api, 'steady'))).not.toContain('retry_waste');
      expect(kinds(await forAgent(fx.api, 'rare-fail'))).not.toContain('retry_waste');
    });

    it('holds back with too little data', async () => {
      const body = await forAgent(fx.api, 'fragile');
      expect(kinds(body)).not.toContain('retry_waste');
      expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'retry_waste', reason: 'too_little_data', detail: '10 calls in the window; at least 30 are needed' }));
    });
  });

  describe('runaway cost per run', () => {
    it('flags runs far above the agent\'s own median and prices their excess per month', async () => {
      const rec = (await forAgent(fx.api, 'summarizer')).data.find((r) => r.kind === 'runaway_cost')!;
      const median = 2 * CALL;
      const excess = 2 * (10 * CALL - median);
      expect(rec.estimated_monthly_savings_usd).toBe(Math.round((excess * 30) / 7) / 1e9);
      expect(rec.evidence).toMatchObject({
        baseline_runs: 15,
        baseline_median_cost_usd: median / 1e9,
        recent_runs: 5,
        runaway_runs: 2,
        runaway_cost_usd: (20 * CALL) / 1e9,
        excess_cost_usd: excess / 1e9,
        recent_cost_usd: (26 * CALL) / 1e9,
      });
      expect((rec.evidence.costliest_runs as Array<{ run_id: string }>).map((r) => r.run_id)).toEqual(['sum-recent-1', 'sum-recent-3']);
      expect(rec.percent_reduction).toBe(Math.round((10_000 * excess) / (26 * CALL)) / 100);
      expect(rec.title).toBe('2 runs of summarizer ran away');
    });

    it('says so when the agent\'s cost per run itself has shifted', async () => {
      const rec = (await forAgent(fx.api, 'shifted')).data.find((r) => r.kind === 'runaway_cost')!;
      expect(rec.title).toBe("shifted's cost per run jumped 4x");
      expect(rec.estimated_monthly_savings_usd).toBe(Math.round((4 * (8 * CALL - 2 * CALL) * 30) / 7) / 1e9);
    });

    it('is silent for runs within the baseline', async () => {
      expect(kinds(await forAgent(fx.api, 'stable'))).not.toContain('runaway_cost');
    });

    it('holds back without enough baseline runs', async () => {
      const body = await forAgent(fx.api, 'young');
      expect(kinds(body)).not.toContain('runaway_cost');
      expect(body.skipped).toContainEqual(expect.objectContaining({ kind: 'runaway_cost', reason: 'too_little_data', detail: '5 baseline runs in the window; at least 10 are needed' }));
    });
  });
});
