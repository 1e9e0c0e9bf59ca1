import { Router } from 'express';
import { ACTIVITY_TYPES, activityLog } from '../../analytics/activity.js';
import { handle, principalOf, requireScope } from '../context.js';
import { badRequest } from '../errors.js';
import { enumParam, pageParams, paged, stringParam, timeZoneParam } from '../params.js';
import { type AnalyticsDeps } from './analytics-deps.js';
import { instantParam } from './analytics-params.js';

/** Far enough either way for any stored event. */
const OPEN_START_MS = Date.UTC(2000, 0, 1);
const OPEN_END_MS = Date.UTC(3000, 0, 1);

/** GET /v1/activity: the activity log (tool calls, agent invocations, errors), newest first, paged. */
export function createActivityRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  router.get(
    '/v1/activity',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const tz = timeZoneParam(req.query);
      const fromMs = instantParam(req.query, 'from', tz) ?? OPEN_START_MS;
      const toMs = instantParam(req.query, 'to', tz, true) ?? OPEN_END_MS;
      if (toMs <= fromMs) throw badRequest(`parameter "to" (${stringParam(req.query, 'to')}) is not after "from" (${stringParam(req.query, 'from')})`);
      const page = pageParams(req.query);
      const log = await activityLog(deps.reader, {
        tenant: principalOf(res).tenant,
        fromMs,
        toMs,
        agent: stringParam(req.query, 'agent'),
        eventType: enumParam(req.query, 'event_type', ACTIVITY_TYPES),
        runId: stringParam(req.query, 'run_id'),
        sessionId: stringParam(req.query, 'session_id'),
        ...page,
      });
      return paged(log.events, log.total, page);
    }),
  );
  return router;
}
