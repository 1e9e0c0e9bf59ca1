import { paged, type Page } from '../api/params.js';
import { nanosToUsd } from '../util/money.js';
import type { ScopedRecommendations } from './engine.js';
import { lookbackJson } from './facts/lookback.js';
import { recommendationJson, skipJson } from './recommendation.js';
import type { RecommendationsConfig } from '../config/schema.js';

/** The minimum data, stated in every answer so a missing recommendation is never a mystery. */
export function minimumDataJson(config: RecommendationsConfig) {
  return {
    calls: config.min_calls,
    baseline_runs: config.min_baseline_runs,
    rule:
      `nothing is recommended for an agent, model or task type with fewer than ${config.min_calls} calls in the last ` +
      `${config.lookback_days} days, nor runaway runs for an agent with fewer than ${config.min_baseline_runs} earlier runs`,
  };
}

/** GET /v1/recommendations and GET /v1/agents/:name/recommendations: one page, the total over all. */
export function recommendationsJson(result: ScopedRecommendations, config: RecommendationsConfig, page: Page) {
  const all = result.recommendations;
  return {
    generated_at: new Date(result.analysis.generatedMs).toISOString(),
    ...lookbackJson(result.analysis.lookback),
    minimum_data: minimumDataJson(config),
    total_estimated_monthly_savings_usd: nanosToUsd(result.monthlySavingsNanos),
    total_note: 'recommendations on the same calls overlap (a cheaper model also leaves less to cache), so the total is an upper bound',
    ...paged(all.slice(page.offset, page.offset + page.limit).map(recommendationJson), all.length, page),
    skipped: result.skipped.map(skipJson),
  };
}
