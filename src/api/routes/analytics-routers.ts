import type { Router } from 'express';
import type { PipelineStatsSource } from '../../analytics/metrics/pipeline-stats.js';
import type { Database } from '../../storage/database.js';
import { createActivityRouter } from './activity.js';
import type { AnalyticsDeps } from './analytics-deps.js';
import { createAgentsRouter } from './agents.js';
import { createAnalyticsRouter } from './analytics.js';
import { createExportRouter } from './export.js';
import { createInvoiceRouter } from './invoice.js';
import { createMetricsRouter } from './metrics.js';
import { createProjectionsRouter } from './projections.js';
import { createRunsRouter } from './runs.js';
import { createSqlRouter } from './sql.js';
import { createSummaryRouter } from './summary.js';
import { createUsageRouter } from './usage.js';

export interface AnalyticsRoutersDeps extends AnalyticsDeps {
  db: Database;
  /** api.sql of the configuration: the SQL endpoint's time and row limits. */
  sql: { timeout_ms: number; max_rows: number };
  pipeline?: PipelineStatsSource;
}

/** Every analytics router (usage, summary, series, projections, runs, agents, activity, export, invoice, SQL, metrics). */
export function createAnalyticsRouters(deps: AnalyticsRoutersDeps): Router[] {
  return [
    createUsageRouter(deps),
    createSummaryRouter(deps),
    createAnalyticsRouter(deps),
    createProjectionsRouter(deps),
    createRunsRouter(deps),
    createAgentsRouter(deps),
    createActivityRouter(deps),
    createExportRouter(deps),
    createInvoiceRouter(deps),
    createSqlRouter(deps),
    createMetricsRouter(deps),
  ];
}
