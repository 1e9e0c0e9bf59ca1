import { describe, expect, it } from 'vitest';
import { combineLoads } from '../../src/bench/load-generator.js';
import { spansPerSecond } from '../../src/bench/ingest-bench.js';

describe('combineLoads: rounds of one protocol reported as one load', () => {
  it('adds spans, seconds and answers, and keeps every latency', () => {
    const combined = combineLoads([
      { spans: 5120, seconds: 0.5, latenciesMs: [100, 120], throttled: 1, failed: 0 },
      { spans: 10240, seconds: 1.5, latenciesMs: [300], throttled: 0, failed: 2 },
    ]);
    expect(combined).toEqual({ spans: 15360, seconds: 2, latenciesMs: [100, 120, 300], throttled: 1, failed: 2 });
    // The rate is over the whole time, not an average of the rounds' rates (10,240 and 6,827).
    expect(spansPerSecond(combined)).toBe(7680);
  });
});
