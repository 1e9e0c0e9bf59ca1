import { Router } from 'express';
import { BUDGET_PERIODS, projections } from '../../analytics/projections.js';
import { handle, principalOf, requireScope } from '../context.js';
import { badRequest } from '../errors.js';
import { enumParam, numberParam, timeZoneParam } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { callFilters } from './analytics-params.js';

/** GET /v1/projections: today's, this week's and this month's projected spend; budget depletion. */
export function createProjectionsRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  router.get(
    '/v1/projections',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const budgetUsd = numberParam(req.query, 'budget_usd', { min: 0 });
      if (budgetUsd === 0) throw badRequest('parameter "budget_usd" must be greater than 0');
      const budgetPeriod = enumParam(req.query, 'budget_period', BUDGET_PERIODS, 'monthly');
      return projections(deps.reader, {
        tenant: principalOf(res).tenant,
        tz: timeZoneParam(req.query),
        nowMs: nowOf(deps),
        filters: callFilters(req.query),
        budget: budgetUsd === undefined ? undefined : { limitUsd: budgetUsd, period: budgetPeriod },
      });
    }),
  );
  return router;
}
