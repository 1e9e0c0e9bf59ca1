import { Router } from 'express';
import { RUN_SORTS, RUN_STATUSES, listRuns, runCostStats, runDetail } from '../../analytics/runs.js';
import { handle, principalOf, requireScope } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { enumParam, numberParam, pageParams, paged, stringParam, timeWindowParams } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { windowFields } from './analytics-params.js';

/** GET /v1/runs (paged, with cost per run per agent) and GET /v1/runs/:run_id. */
export function createRunsRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  const read = requireScope(deps.keys, 'read');

  router.get(
    '/v1/runs',
    read,
    handle(async (req, res) => {
      const { tenant } = principalOf(res);
      const window = timeWindowParams(req.query, nowOf(deps), 'month');
      const agent = stringParam(req.query, 'agent');
      const status = enumParam(req.query, 'status', RUN_STATUSES);
      const minCost = numberParam(req.query, 'min_cost', { min: 0 });
      const maxCost = numberParam(req.query, 'max_cost', { min: 0 });
      if (minCost !== undefined && maxCost !== undefined && maxCost < minCost) {
        throw badRequest(`parameter "max_cost" (${maxCost}) is below "min_cost" (${minCost})`);
      }
      const sort = enumParam(req.query, 'sort', RUN_SORTS, 'newest');
      const page = pageParams(req.query);
      const [list, stats] = await Promise.all([
        listRuns(deps.reader, { tenant, window, sort, ...page, agent, status, minCost, maxCost }),
        runCostStats(deps.reader, tenant, window, agent),
      ]);
      return { ...windowFields(window), ...paged(list.runs, list.total, page), cost_per_run_by_agent: stats };
    }),
  );

  router.get(
    '/v1/runs/:run_id',
    read,
    handle(async (req, res) => {
      const runId = String(req.params.run_id);
      const detail = await runDetail(deps.reader, principalOf(res).tenant, runId);
      if (!detail) throw notFound(`no run "${runId}"`);
      return detail;
    }),
  );

  return router;
}
