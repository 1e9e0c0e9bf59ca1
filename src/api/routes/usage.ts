import { Router } from 'express';
import { BREAKDOWN_DIMENSIONS, breakdown } from '../../analytics/breakdown.js';
import { change, topModels, usageTotals } from '../../analytics/usage.js';
import { handle, principalOf, requireScope } from '../context.js';
import { enumParam, numberParam, pageParams, paged, previousWindow, timeWindowParams } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { callFilters, windowFields } from './analytics-params.js';

/** GET /v1/usage (usage now, with the previous period) and GET /v1/usage/breakdown. */
export function createUsageRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  const read = requireScope(deps.keys, 'read');

  router.get(
    '/v1/usage',
    read,
    handle(async (req, res) => {
      const { tenant } = principalOf(res);
      const window = timeWindowParams(req.query, nowOf(deps), 'today');
      const filters = callFilters(req.query);
      const top = numberParam(req.query, 'top', { min: 1, max: 50, integer: true }) ?? 5;
      const previous = window.period === 'all_time' ? null : previousWindow(window);
      const [totals, models, before] = await Promise.all([
        usageTotals(deps.reader, tenant, window, filters),
        topModels(deps.reader, tenant, window, filters, top),
        previous ? usageTotals(deps.reader, tenant, previous, filters) : Promise.resolve(null),
      ]);
      return {
        ...windowFields(window),
        ...totals,
        top_models: models,
        previous_period:
          previous && before
            ? { start_date: previous.startDate, end_date: previous.endDate, total_cost: before.total_cost, operations: before.operations, average_cost_per_operation: before.average_cost_per_operation }
            : null,
        change: before
          ? { cost: change(totals.total_cost, before.total_cost, true), operations: change(totals.operations, before.operations, false) }
          : null,
      };
    }),
  );

  router.get(
    '/v1/usage/breakdown',
    read,
    handle(async (req, res) => {
      const { tenant } = principalOf(res);
      const window = timeWindowParams(req.query, nowOf(deps), 'month');
      const groupBy = enumParam(req.query, 'group_by', BREAKDOWN_DIMENSIONS, 'model');
      const page = pageParams(req.query);
      const result = await breakdown(deps.reader, { tenant, window, filters: callFilters(req.query), groupBy, ...page });
      return { group_by: groupBy, ...windowFields(window), total_cost: result.totalCost, ...paged(result.rows, result.groups, page) };
    }),
  );

  return router;
}
