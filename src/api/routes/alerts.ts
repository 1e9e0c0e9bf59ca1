import express, { type Response } from 'express';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { BudgetsService } from '../../budgets/service.js';
import type { Channel, DeliveryStatus } from '../../budgets/delivery/attempt.js';
import { mapBudgetErrors } from '../../budgets/http/errors.js';
import { handle, principalOf, requireScope } from '../context.js';
import { notFound } from '../errors.js';
import { enumParam, pageParams, paged, stringParam } from '../params.js';

export interface AlertsRouterDeps {
  keys: ApiKeyStore;
  budgets: BudgetsService;
}

const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'exhausted'];
const CHANNELS: readonly Channel[] = ['webhook', 'email'];

/**
 * What budgets told the world: fired alerts, every delivery attempt (webhook and email), and the
 * dashboard's notification list.
 */
export function createAlertsRouter({ keys, budgets }: AlertsRouterDeps): express.Router {
  const router = express.Router();
  const read = requireScope(keys, 'read');
  const admin = requireScope(keys, 'admin');
  const tenantOf = (res: Response) => principalOf(res).tenant;

  router.get(
    '/v1/alerts',
    read,
    handle(async (req, res) => {
      const page = pageParams(req.query);
      const { data, total } = await budgets.firedAlerts(tenantOf(res), null, page.limit, page.offset);
      return paged(data.map((e) => e.alert), total, page);
    }),
  );

  // Admin only: delivery targets are webhook URLs and addresses, which can carry secrets.
  router.get(
    '/v1/alerts/deliveries',
    admin,
    handle(async (req, res) => {
      const page = pageParams(req.query);
      const filter = {
        status: enumParam(req.query, 'status', DELIVERY_STATUSES) ?? null,
        eventType: stringParam(req.query, 'event_type') ?? null,
        channel: enumParam(req.query, 'channel', CHANNELS) ?? null,
      };
      const { data, total } = await budgets.deliveries(tenantOf(res), filter, page.limit, page.offset);
      return paged(data, total, page);
    }),
  );

  router.get(
    '/v1/notifications',
    read,
    handle(async (req, res) => {
      const page = pageParams(req.query);
      const unread = enumParam(req.query, 'unread', ['true', 'false'] as const, 'false') === 'true';
      const { data, total, unread: unreadCount } = await budgets.notifications(tenantOf(res), unread, page.limit, page.offset);
      return { ...paged(data, total, page), unread: unreadCount };
    }),
  );

  router.post(
    '/v1/notifications/:id/read',
    read,
    handle(async (req, res) => {
      const id = String(req.params.id);
      if (!(await budgets.markNotificationRead(tenantOf(res), id))) throw notFound(`no notification "${id}"`);
      res.status(204).end();
    }),
  );

  router.use(mapBudgetErrors);
  return router;
}
