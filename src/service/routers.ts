import type { Router } from 'express';
import type { TokentallyConfig } from '../config/schema.js';
import type { ApiKeyStore } from '../auth/api-keys.js';
import type { Database } from '../storage/database.js';
import type { Reader } from '../storage/reader.js';
import type { PricingService } from '../pricing/service.js';
import type { Repricer } from '../pricing/repricer.js';
import type { PipelineStatsSource } from '../analytics/metrics/pipeline-stats.js';
import { createUsageRouter } from '../api/routes/usage.js';
import { createSummaryRouter } from '../api/routes/summary.js';
import { createAnalyticsRouter } from '../api/routes/analytics.js';
import { createProjectionsRouter } from '../api/routes/projections.js';
import { createRunsRouter } from '../api/routes/runs.js';
import { createAgentsRouter } from '../api/routes/agents.js';
import { createActivityRouter } from '../api/routes/activity.js';
import { createExportRouter } from '../api/routes/export.js';
import { createInvoiceRouter } from '../api/routes/invoice.js';
import { createSqlRouter } from '../api/routes/sql.js';
import { createMetricsRouter } from '../api/routes/metrics.js';
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
    createUsageRouter(analytics),
    createSummaryRouter(analytics),
    createAnalyticsRouter(analytics),
    createProjectionsRouter(analytics),
    createRunsRouter(analytics),
    createAgentsRouter(analytics),
    createActivityRouter(analytics),
    createInvoiceRouter(analytics),
    createRecommendationsRouter({ keys: deps.keys, engine: deps.recommendations }),
    createWorkforceRouter(analytics),
    createExportRouter({ ...analytics, db: deps.db }),
    createSqlRouter({ db: deps.db, keys: deps.keys, sql: deps.config.api.sql }),
    createMetricsRouter({ reader: deps.reader, keys: deps.keys, pipeline: deps.pipeline }),
    createPricingRouter({ keys: deps.keys, reader: deps.reader, pricing: deps.pricing, repricer: deps.repricer, now: deps.clock }),
    ...[createBudgetsRouter, createAlertsRouter, createApprovalsRouter, createCreditsRouter, createAgentsRegistryRouter].map((create) =>
      create({ keys: deps.keys, budgets: deps.budgets }),
    ),
  ];
}
