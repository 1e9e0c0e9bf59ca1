import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

describe('the recommendations config section', () => {
  it('has defaults', () => {
    expect(parseConfig({}, 'test', {}).recommendations).toMatchObject({
      lookback_days: 30,
      min_calls: 30,
      min_baseline_runs: 10,
      model_downgrade: { any_provider: false, needs_flagship_task_types: [], max_avg_output_tokens: 1_000 },
      batching: { min_calls_per_hour: 10, max_avg_input_tokens: 2_000, max_avg_output_tokens: 500 },
    });
  });

  it('names a bad key', () => {
    try {
      parseConfig({ recommendations: { runaway: { recent_days: 40 }, prompt_caching: { ttl: 5 } } }, 'test', {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([expect.stringMatching(/^recommendations\.prompt_caching: unknown key "ttl"/)]),
      );
    }
    try {
      parseConfig({ recommendations: { runaway: { recent_days: 40 } } }, 'test', {});
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['recommendations.runaway.recent_days: must be shorter than recommendations.lookback_days, so earlier runs remain for the baseline']);
    }
  });
});
