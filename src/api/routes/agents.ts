import { Router } from 'express';
import { agentsOverview } from '../../analytics/agents.js';
import { handle, principalOf, requireScope } from '../context.js';
import { pageParams, paged, timeWindowParams } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { callFilters, windowFields } from './analytics-params.js';

/**
 * GET /v1/agents: the fleet over a window. (PUT /v1/agents/:name, the registry, is the budgets
 * component's router.)
 */
export function createAgentsRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  router.get(
    '/v1/agents',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const now = nowOf(deps);
      const window = timeWindowParams(req.query, now, 'month');
      const page = pageParams(req.query);
      const fleet = await agentsOverview(deps.reader, { tenant: principalOf(res).tenant, window, filters: callFilters(req.query), nowMs: now, ...page });
      return { ...windowFields(window), total_cost: fleet.totalCost, ...paged(fleet.rows, fleet.total, page) };
    }),
  );
  return router;
}
