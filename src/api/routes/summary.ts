import { Router } from 'express';
import { summary } from '../../analytics/summary.js';
import { handle, principalOf, requireScope } from '../context.js';
import { timeWindowParams } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { callFilters, windowFields } from './analytics-params.js';

/** GET /v1/summary: totals, by provider, by model, budgets, agent and provider counts. */
export function createSummaryRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  router.get(
    '/v1/summary',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const now = nowOf(deps);
      const window = timeWindowParams(req.query, now, 'month');
      return { ...windowFields(window), ...(await summary(deps.reader, principalOf(res).tenant, window, callFilters(req.query), now)) };
    }),
  );
  return router;
}
