import { performance } from 'node:perf_hooks';
import type { RecommendationsConfig } from '../config/schema.js';
import type { PricingService } from '../pricing/service.js';
import type { Reader } from '../storage/reader.js';
import { formatUsdNanos, usdToNanos } from '../util/money.js';
import { loadCallGroups } from './facts/call-groups.js';
import { lookbackOf, type Lookback } from './facts/lookback.js';
import { PriceClasses } from './pricing/price-classes.js';
import { bySavings, MONTH_DAYS, monthlyNanos, toRecommendation } from './ranking.js';
import type { Recommendation, Skip } from './recommendation.js';
import { RULES } from './rules/index.js';
import type { RuleContext } from './rules/rule.js';
import { inScope, type RecommendationScope } from './scope.js';

export interface RecommendationEngineDeps {
  reader: Reader;
  pricing: PricingService;
  config: RecommendationsConfig;
  /** "Now" of the analysis (injectable for tests); the reuse of analyses runs on real time. */
  clock?: () => number;
}

/** Every recommendation for one tenant, computed at once from the stored calls. */
export interface Analysis {
  generatedMs: number;
  lookback: Lookback;
  /** What the tenant's model calls priced by their tokens cost in the lookback window (the base of priorities). */
  spendNanos: number;
  recommendations: Recommendation[];
  skipped: Skip[];
}

export interface ScopedRecommendations {
  analysis: Analysis;
  recommendations: Recommendation[];
  skipped: Skip[];
  monthlySavingsNanos: number;
}

/** Analyses kept at once; tenants beyond it are recomputed. */
const MAX_CACHED_TENANTS = 1_000;

/**
 * The recommendation engine: runs every rule (rules/index.ts) over a tenant's calls of the
 * lookback window, states each finding per month and ranks them. An analysis is reused for
 * cache_seconds, because budget alerts ask for it on every threshold crossed.
 */
export class RecommendationEngine {
  private readonly classes: PriceClasses;
  private readonly cache = new Map<string, { expiresAt: number; analysis: Promise<Analysis> }>();

  constructor(private readonly deps: RecommendationEngineDeps) {
    this.classes = new PriceClasses(deps.pricing);
  }

  get config(): RecommendationsConfig {
    return this.deps.config;
  }

  analyse(tenant: string): Promise<Analysis> {
    const now = performance.now();
    const cached = this.cache.get(tenant);
    if (cached && cached.expiresAt > now) return cached.analysis;
    if (this.cache.size >= MAX_CACHED_TENANTS) this.cache.clear();
    const analysis = this.compute(tenant);
    this.cache.set(tenant, { expiresAt: now + this.deps.config.cache_seconds * 1000, analysis });
    analysis.catch(() => {
      if (this.cache.get(tenant)?.analysis === analysis) this.cache.delete(tenant);
    });
    return analysis;
  }

  /** The recommendations (ranked) and held-back items that concern `scope`, with their total monthly savings. */
  async recommendations(scope: RecommendationScope): Promise<ScopedRecommendations> {
    const analysis = await this.analyse(scope.tenant);
    const recommendations = analysis.recommendations.filter((r) => inScope(r, scope));
    return {
      analysis,
      recommendations,
      skipped: analysis.skipped.filter((s) => inScope(s, scope)),
      monthlySavingsNanos: recommendations.reduce((sum, r) => sum + r.monthlySavingsNanos, 0),
    };
  }

  /**
   * The hook for budget alerts: the `limit` recommendations with the largest savings for a
   * budget's scope (org: only the tenant; agent, model or task type: that target). An alert must
   * go out even when this fails, so a failure is logged and answered with none.
   */
  async topRecommendationsFor(scope: Omit<RecommendationScope, 'kind'>, limit = 3): Promise<Recommendation[]> {
    try {
      return (await this.recommendations(scope)).recommendations.slice(0, limit);
    } catch (error) {
      console.error('tokentally recommendations: cannot compute recommendations for an alert', error);
      return [];
    }
  }

  private async compute(tenant: string): Promise<Analysis> {
    const config = this.deps.config;
    const nowMs = (this.deps.clock ?? Date.now)();
    const lookback = lookbackOf(nowMs, config.lookback_days);
    const groups = await loadCallGroups(this.deps.reader, tenant, lookback);
    const ctx: RuleContext = { tenant, nowMs, lookback, config, reader: this.deps.reader, pricing: this.deps.pricing, classes: this.classes, groups };
    const results = await Promise.all(RULES.map((rule) => rule.evaluate(ctx)));

    const spendNanos = groups.reduce((sum, g) => sum + g.costNanos, 0);
    const monthlySpend = monthlyNanos(spendNanos, lookback.days);
    const minimum = usdToNanos(config.min_monthly_savings_usd);
    const recommendations: Recommendation[] = [];
    const skipped = results.flatMap((r) => r.skipped);
    for (const finding of results.flatMap((r) => r.findings)) {
      const recommendation = toRecommendation(finding, monthlySpend);
      if (recommendation.monthlySavingsNanos >= minimum) recommendations.push(recommendation);
      else {
        const detail = `saves ${formatUsdNanos(recommendation.monthlySavingsNanos)} per ${MONTH_DAYS} days, below recommendations.min_monthly_savings_usd`;
        skipped.push({ kind: finding.kind, reason: 'small_savings', detail, agents: finding.agents, models: finding.models, taskTypes: finding.taskTypes });
      }
    }
    return { generatedMs: nowMs, lookback, spendNanos, recommendations: recommendations.sort(bySavings), skipped };
  }
}
