import express, { type Response } from 'express';
import { z } from 'zod';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { BudgetsService } from '../../budgets/service.js';
import type { TopUpPolicy } from '../../budgets/credits/account.js';
import { nanosField, parseInput } from '../../budgets/model/input.js';
import { InputError } from '../../budgets/model/errors.js';
import { mapBudgetErrors } from '../../budgets/http/errors.js';
import { handle, principalOf, requireScope } from '../context.js';
import { pageParams, paged } from '../params.js';

export interface CreditsRouterDeps {
  keys: ApiKeyStore;
  budgets: BudgetsService;
}

const creditSchema = z
  .object({
    amount_usd: z.number().positive('amount_usd must be greater than 0'),
    note: z.string().max(1000).optional(),
    reference: z.string().max(200).optional(),
  })
  .strict();

const topUpSchema = z
  .object({
    mode: z.enum(['threshold', 'predictive']),
    below_usd: z.number().min(0).optional(),
    within_hours: z.number().positive().max(24 * 366).optional(),
    amount_usd: z.number().positive('amount_usd must be greater than 0'),
    max_per_month: z.number().int().min(1).max(10_000),
    webhook_url: z.string().url().optional(),
  })
  .strict();

function topUpPolicy(body: unknown): TopUpPolicy {
  const p = parseInput(topUpSchema, body);
  if (p.mode === 'threshold' && p.below_usd === undefined) throw new InputError('below_usd', 'threshold mode needs below_usd');
  if (p.mode === 'predictive' && p.within_hours === undefined) throw new InputError('within_hours', 'predictive mode needs within_hours');
  if (p.webhook_url !== undefined && !/^https?:\/\//i.test(p.webhook_url)) throw new InputError('webhook_url', 'webhook_url must be an http:// or https:// URL');
  return {
    mode: p.mode,
    belowNanos: p.mode === 'threshold' ? nanosField(p.below_usd ?? 0, 'below_usd', { allowZero: true }) : null,
    withinHours: p.mode === 'predictive' ? (p.within_hours ?? null) : null,
    amountNanos: nanosField(p.amount_usd, 'amount_usd'),
    maxPerMonth: p.max_per_month,
    webhook: p.webhook_url ?? null,
  };
}

/** Prepaid credit per agent: add credit, read balance and ledger, set the auto top-up policy. */
export function createCreditsRouter({ keys, budgets }: CreditsRouterDeps): express.Router {
  const router = express.Router();
  const admin = requireScope(keys, 'admin');
  const read = requireScope(keys, 'read');
  const tenantOf = (res: Response) => principalOf(res).tenant;

  router.post(
    '/v1/credits/:agent',
    admin,
    handle(async (req, res) => {
      const body = parseInput(creditSchema, req.body);
      const account = await budgets.credits.addCredit(tenantOf(res), String(req.params.agent), nanosField(body.amount_usd, 'amount_usd'), body.note ?? null, body.reference ?? null);
      res.status(201).json(budgets.credits.accountJson(account));
    }),
  );

  router.get(
    '/v1/credits/:agent',
    read,
    handle(async (req, res) => {
      const tenant = tenantOf(res);
      const agent = String(req.params.agent);
      const account = budgets.credits.account(tenant, agent);
      const page = pageParams(req.query);
      const { data, total } = await budgets.credits.ledger(tenant, agent, page.limit, page.offset);
      return { ...budgets.credits.accountJson(account), ledger: paged(data, total, page) };
    }),
  );

  router.put(
    '/v1/credits/:agent/auto-top-up',
    admin,
    handle(async (req, res) => {
      const account = await budgets.credits.setPolicy(tenantOf(res), String(req.params.agent), topUpPolicy(req.body));
      return budgets.credits.accountJson(account);
    }),
  );

  router.delete(
    '/v1/credits/:agent/auto-top-up',
    admin,
    handle(async (req, res) => {
      const tenant = tenantOf(res);
      const account = budgets.credits.account(tenant, String(req.params.agent));
      await budgets.credits.setPolicy(tenant, account.agent, null);
      res.status(204).end();
    }),
  );

  router.use(mapBudgetErrors);
  return router;
}
