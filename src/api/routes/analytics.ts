import { Router } from 'express';
import { firstUsageDay } from '../../analytics/first-day.js';
import { SERIES_BUCKETS, SERIES_SPLITS, agentTrends, bucketKeys, usageSeries, type DayWindow } from '../../analytics/time-series.js';
import { handle, principalOf, requireScope } from '../context.js';
import { badRequest } from '../errors.js';
import { daysWindow, enumParam, timeWindowParams, type TimeWindow } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { callFilters, windowFields } from './analytics-params.js';

/** Zero-filled buckets an answer may hold: ten years of days, three months of hours. */
const MAX_BUCKETS = { day: 3_660, hour: 24 * 92, hour_of_day: 24 } as const;

/** GET /v1/analytics: cost and operations over time, usage patterns and per-agent trends. */
export function createAnalyticsRouter(deps: AnalyticsDeps): Router {
  const router = Router();

  router.get(
    '/v1/analytics',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const { tenant } = principalOf(res);
      const bucket = enumParam(req.query, 'group_by', SERIES_BUCKETS, 'day');
      const splitBy = enumParam(req.query, 'split_by', SERIES_SPLITS);
      const filters = callFilters(req.query);
      const window = await startAtData(deps, tenant, timeWindowParams(req.query, nowOf(deps), 'month'));
      const buckets = bucketKeys(bucket, window).length;
      if (buckets > MAX_BUCKETS[bucket]) {
        throw badRequest(`parameter "group_by" (${bucket}) would give ${buckets} buckets over this window; at most ${MAX_BUCKETS[bucket]}: narrow start_date/end_date`);
      }
      const [series, trends] = await Promise.all([
        usageSeries(deps.reader, { tenant, window, filters, bucket, ...(splitBy ? { splitBy } : {}) }),
        agentTrends(deps.reader, { tenant, window, filters }),
      ]);
      return {
        group_by: bucket,
        split_by: splitBy ?? null,
        ...windowFields(window),
        ...series,
        agent_trends: [...trends].map(([agent, trend]) => ({ agent, ...trend })),
      };
    }),
  );

  return router;
}

/** "All time" starts at the tenant's first stored day, not at the epoch the period names. */
async function startAtData(deps: AnalyticsDeps, tenant: string, window: TimeWindow): Promise<TimeWindow & DayWindow> {
  if (window.period !== 'all_time') return window;
  const first = (await firstUsageDay(deps.reader, tenant, window.tz)) ?? window.endDate;
  if (first <= window.startDate || first > window.endDate) return window;
  return daysWindow(first, window.endDate, window.tz, window.period);
}
