import { Router } from 'express';
import { invoice } from '../../analytics/invoice.js';
import { localDate } from '../../util/time.js';
import { handle, principalOf, requireScope } from '../context.js';
import { badRequest } from '../errors.js';
import { stringParam, timeZoneParam } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { callFilters } from './analytics-params.js';

/** GET /v1/invoice?month=YYYY-MM: line items by category and model, subtotals and total. */
export function createInvoiceRouter(deps: AnalyticsDeps): Router {
  const router = Router();
  router.get(
    '/v1/invoice',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const tz = timeZoneParam(req.query);
      const month = stringParam(req.query, 'month') ?? localDate(nowOf(deps), tz).slice(0, 7);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badRequest(`parameter "month" must be a month YYYY-MM; got "${month}"`);
      return invoice(deps.reader, { tenant: principalOf(res).tenant, month, tz, filters: callFilters(req.query) });
    }),
  );
  return router;
}
