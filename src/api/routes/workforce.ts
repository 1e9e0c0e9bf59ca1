import { Router } from 'express';
import { workforceAgents, workforceSummary, type ReportWindow } from '../../recommendations/workforce/reports.js';
import { workforceTrends } from '../../recommendations/workforce/trends.js';
import { handle, principalOf, requireScope } from '../context.js';
import { numberParam, pageParams, paged, stringParam, timeWindowParams, type TimeWindow } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { windowFields } from './analytics-params.js';

const MAX_TREND_MONTHS = 24;

function reportWindow(w: TimeWindow): ReportWindow {
  return { startMs: w.startMs, endMs: w.endMs, startDate: w.startDate, endDate: w.endDate };
}

/**
 * The workforce ROI reports, from the agent registry's human-equivalent cost, department and
 * role: GET /v1/workforce/summary and /v1/workforce/agents (period or start_date/end_date, default
 * this month; agents filter by department, paged) and /v1/workforce/trends?months=6.
 */
export function createWorkforceRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  const read = requireScope(deps.keys, 'read');

  router.get(
    '/v1/workforce/summary',
    read,
    handle(async (req, res) => {
      const window = timeWindowParams(req.query, nowOf(deps), 'month');
      return { ...windowFields(window), ...(await workforceSummary(deps.reader, principalOf(res).tenant, reportWindow(window))) };
    }),
  );

  router.get(
    '/v1/workforce/agents',
    read,
    handle(async (req, res) => {
      const window = timeWindowParams(req.query, nowOf(deps), 'month');
      const page = pageParams(req.query);
      const filter = { department: stringParam(req.query, 'department') };
      const agents = await workforceAgents(deps.reader, principalOf(res).tenant, reportWindow(window), filter);
      return { ...windowFields(window), ...paged(agents.slice(page.offset, page.offset + page.limit), agents.length, page) };
    }),
  );

  router.get(
    '/v1/workforce/trends',
    read,
    handle(async (req, res) => {
      const months = numberParam(req.query, 'months', { min: 1, max: MAX_TREND_MONTHS, integer: true }) ?? 6;
      const filter = { agent: stringParam(req.query, 'agent'), department: stringParam(req.query, 'department') };
      const data = await workforceTrends(deps.reader, principalOf(res).tenant, months, nowOf(deps), filter);
      return { months, data };
    }),
  );

  return router;
}
