import express, { type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { BudgetsService } from '../../budgets/service.js';
import { APPROVAL_STATUSES, approvalJson } from '../../budgets/approvals/approval.js';
import type { Decision } from '../../budgets/approvals/approvals.js';
import { nanosField, parseInput } from '../../budgets/model/input.js';
import { InputError } from '../../budgets/model/errors.js';
import { mapBudgetErrors } from '../../budgets/http/errors.js';
import { handle, principalOf, requireScope } from '../context.js';
import { notFound } from '../errors.js';
import { enumParam, pageParams, paged } from '../params.js';

export interface ApprovalsRouterDeps {
  keys: ApiKeyStore;
  budgets: BudgetsService;
}

const text = z.string().min(1).max(1000);

const requestSchema = z
  .object({
    estimated_cost: z.number().min(0),
    agent: text.optional(),
    run_id: text.optional(),
    task_type: text.optional(),
    model: text.optional(),
    operation: text.optional(),
    reason: text.optional(),
    budget: text.optional(),
    callback_url: z.string().url().optional(),
  })
  .strict();

const decisionSchema = z.object({ decided_by: text.optional(), note: text.optional() }).strict();

/** The agent waiting on an approval holds an ingest key; people looking at the list hold read keys. */
function ingestOrRead(keys: ApiKeyStore): RequestHandler {
  const ingest = requireScope(keys, 'ingest');
  const read = requireScope(keys, 'read');
  return (req, res, next) => ingest(req, res, (error?: unknown) => (error === undefined ? next() : read(req, res, next)));
}

/**
 * Approvals: an agent asks (POST, or the budget check answering 202), people decide (admin),
 * and the decision goes out by webhook and is visible to the caller polling GET /v1/approvals/:id.
 */
export function createApprovalsRouter({ keys, budgets }: ApprovalsRouterDeps): express.Router {
  const router = express.Router();
  const admin = requireScope(keys, 'admin');
  const read = requireScope(keys, 'read');
  const tenantOf = (res: Response) => principalOf(res).tenant;

  router.post(
    '/v1/approvals',
    requireScope(keys, 'ingest'),
    handle(async (req, res) => {
      const body = parseInput(requestSchema, req.body);
      if (body.callback_url !== undefined && !/^https?:\/\//i.test(body.callback_url)) {
        throw new InputError('callback_url', 'callback_url must be an http:// or https:// URL');
      }
      const approval = await budgets.approvals.request(tenantOf(res), {
        agent: body.agent ?? null,
        runId: body.run_id ?? null,
        taskType: body.task_type ?? null,
        model: body.model ?? null,
        operation: body.operation ?? null,
        estimatedNanos: nanosField(body.estimated_cost, 'estimated_cost', { allowZero: true }),
        reason: body.reason ?? null,
        budget: body.budget ?? null,
        callbackUrl: body.callback_url ?? null,
      });
      res.status(201).json(approvalJson(approval));
    }),
  );

  router.get(
    '/v1/approvals',
    read,
    handle(async (req, res) => {
      const page = pageParams(req.query);
      const status = enumParam(req.query, 'status', APPROVAL_STATUSES) ?? null;
      const { data, total } = await budgets.approvals.list(tenantOf(res), status, page.limit, page.offset);
      return paged(data.map(approvalJson), total, page);
    }),
  );

  router.get(
    '/v1/approvals/:id',
    ingestOrRead(keys),
    handle(async (req, res) => {
      const approval = await budgets.approvals.get(tenantOf(res), String(req.params.id));
      if (!approval) throw notFound(`no approval "${String(req.params.id)}"`);
      return approvalJson(approval);
    }),
  );

  const decide = (decision: Decision) =>
    handle(async (req, res) => {
      const body = parseInput(decisionSchema, req.body);
      const decided = await budgets.approvals.decide(tenantOf(res), String(req.params.id), decision, body.decided_by ?? principalOf(res).name, body.note ?? null);
      return approvalJson(decided);
    });
  router.post('/v1/approvals/:id/approve', admin, decide('approved'));
  router.post('/v1/approvals/:id/deny', admin, decide('denied'));

  router.use(mapBudgetErrors);
  return router;
}
