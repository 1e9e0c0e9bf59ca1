import express, { type Response } from 'express';
import { z } from 'zod';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { BudgetsService } from '../../budgets/service.js';
import { agentJson } from '../../budgets/registry/agent-profile.js';
import { nanosField, parseInput } from '../../budgets/model/input.js';
import { mapBudgetErrors } from '../../budgets/http/errors.js';
import { handle, principalOf, requireScope } from '../context.js';
import { notFound } from '../errors.js';
import { pageParams, paged, stringParam } from '../params.js';

export interface AgentsRegistryRouterDeps {
  keys: ApiKeyStore;
  budgets: BudgetsService;
}

const label = z.string().min(1).max(200);

const profileSchema = z
  .object({
    display_name: label.optional(),
    department: label.optional(),
    role: label.optional(),
    monthly_budget_usd: z.number().min(0).optional(),
    human_equivalent_monthly_cost_usd: z.number().min(0).optional(),
  })
  .strict();

const money = (usd: number | undefined, field: string) => (usd === undefined ? null : nanosField(usd, field, { allowZero: true }));

/**
 * The agent registry. PUT /v1/agents/:name replaces a profile; profiles are read under
 * /v1/registry/agents so /v1/agents/:name stays free for usage analytics.
 */
export function createAgentsRegistryRouter({ keys, budgets }: AgentsRegistryRouterDeps): express.Router {
  const router = express.Router();
  const admin = requireScope(keys, 'admin');
  const read = requireScope(keys, 'read');
  const tenantOf = (res: Response) => principalOf(res).tenant;

  router.put(
    '/v1/agents/:name',
    admin,
    handle(async (req, res) => {
      const body = parseInput(profileSchema, req.body);
      const profile = await budgets.agents.put(tenantOf(res), String(req.params.name), {
        displayName: body.display_name ?? null,
        department: body.department ?? null,
        role: body.role ?? null,
        monthlyBudgetNanos: money(body.monthly_budget_usd, 'monthly_budget_usd'),
        humanEquivalentMonthlyNanos: money(body.human_equivalent_monthly_cost_usd, 'human_equivalent_monthly_cost_usd'),
      });
      return agentJson(profile);
    }),
  );

  router.delete(
    '/v1/agents/:name',
    admin,
    handle(async (req, res) => {
      const name = String(req.params.name);
      if (!(await budgets.agents.remove(tenantOf(res), name))) throw notFound(`agent "${name}" is not registered`);
      res.status(204).end();
    }),
  );

  router.get(
    '/v1/registry/agents',
    read,
    handle(async (req, res) => {
      const page = pageParams(req.query);
      const { data, total } = await budgets.agents.list(tenantOf(res), stringParam(req.query, 'department') ?? null, page.limit, page.offset);
      return paged(data.map(agentJson), total, page);
    }),
  );

  router.get(
    '/v1/registry/agents/:name',
    read,
    handle(async (req, res) => {
      const name = String(req.params.name);
      const profile = await budgets.agents.get(tenantOf(res), name);
      if (!profile) throw notFound(`agent "${name}" is not registered`);
      return agentJson(profile);
    }),
  );

  router.use(mapBudgetErrors);
  return router;
}
