import type { Router } from 'express';
import type { TokentallyConfig } from '../config/schema.js';
import type { ApiKeyStore } from '../auth/api-keys.js';
import type { Database } from '../storage/database.js';
import type { Reader } from '../storage/reader.js';
import type { PricingService } from '../pricing/service.js';
import type { Repricer } from '../pricing/repricer.js';
import type { PipelineStatsSource } from '../analytics/metrics/pipeline-stats.js';
import { createAnalyticsRouters } from '../api/routes/analytics-routers.js';
import { createPricingRouter } from '../api/routes/pricing.js';
import { createBudgetsRouter } from '../api/routes/budgets.js';
import { createAlertsRouter } from '../api/routes/alerts.js';
import { createApprovalsRouter } from '../api/routes/approvals.js';
import { createCreditsRouter } from '../api/routes/credits.js';
import { createAgentsRegistryRouter } from '../api/routes/agents-registry.js';
import type { BudgetsService } from '../budgets/service.js';
import { createDashboardRouter } from '../api/routes/dashboard.js';
import { createRecommendationsRouter } from '../api/routes/recommendations.js';
import { createWorkforceRouter } from '../api/routes/workforce.js';
import type { RecommendationEngine } from '../recommendations/index.js';

export interface RouterDeps {
  config: TokentallyConfig;
  keys: ApiKeyStore;
  reader: Reader;
  db: Database;
  pricing: PricingService;
  repricer: Repricer;
  budgets: BudgetsService;
  recommendations: RecommendationEngine;
  clock?: () => number;
  pipeline: PipelineStatsSource;
}

/** Every API route module, given what it needs. */
export function apiRouters(deps: RouterDeps): Router[] {
  const analytics = { reader: deps.reader, keys: deps.keys, clock: deps.clock };
  return [
    createDashboardRouter(),
    ...createAnalyticsRouters({ ...analytics, db: deps.db, sql: deps.config.api.sql, pipeline: deps.pipeline }),
    createRecommendationsRouter({ keys: deps.keys, engine: deps.recommendations }),
    createWorkforceRouter(analytics),
    createPricingRouter({ keys: deps.keys, reader: deps.reader, pricing: deps.pricing, repricer: deps.repricer, now: deps.clock }),
    ...[createBudgetsRouter, createAlertsRouter, createApprovalsRouter, createCreditsRouter, createAgentsRegistryRouter].map((create) =>
      create({ keys: deps.keys, budgets: deps.budgets }),
    ),
  ];
}
