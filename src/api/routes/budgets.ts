import express, { type Request, type Response } from 'express';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { BudgetsService } from '../../budgets/service.js';
import type { CheckDecision } from '../../budgets/check/checker.js';
import { budgetJson } from '../../budgets/model/budget.js';
import { statusJson, type BudgetStatus } from '../../budgets/engine/status.js';
import { nanosField } from '../../budgets/model/input.js';
import { mapBudgetErrors } from '../../budgets/http/errors.js';
import { approvalJson } from '../../budgets/approvals/approval.js';
import { nanosToUsd } from '../../util/money.js';
import { handle, principalOf, requireScope } from '../context.js';
import { notFound } from '../errors.js';
import { numberParam, pageParams, paged, stringParam } from '../params.js';

export interface BudgetsRouterDeps {
  keys: ApiKeyStore;
  budgets: BudgetsService;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Most used first: the list a dashboard shows at the top. */
const byUrgency = (a: BudgetStatus, b: BudgetStatus) => b.percent - a.percent || a.budget.name.localeCompare(b.budget.name);

/**
 * Budgets: CRUD (admin), status and over-limit list (read), and the budget check the
 * instrumentation calls before each model call (ingest).
 */
export function createBudgetsRouter({ keys, budgets }: BudgetsRouterDeps): express.Router {
  const router = express.Router();
  const read = requireScope(keys, 'read');
  const admin = requireScope(keys, 'admin');
  const ingest = requireScope(keys, 'ingest');
  const tenantOf = (res: Response) => principalOf(res).tenant;

  router.get('/v1/budgets/check', ingest, handle(async (req, res) => checkBudgets(budgets, req, res)));

  router.get(
    '/v1/budgets/status',
    read,
    handle((req, res) => {
      const tenant = tenantOf(res);
      const name = stringParam(req.query, 'budget');
      const runId = stringParam(req.query, 'run_id');
      const page = pageParams(req.query);
      const selected = budgets.registry.forTenant(tenant).filter((b) => name === undefined || b.name === name || b.id === name);
      if (name !== undefined && selected.length === 0) throw notFound(`no budget "${name}"`);
      const statuses = selected.flatMap((b) => budgets.statuses.current(b, b.period === 'per_run' ? runId : undefined) ?? []).sort(byUrgency);
      const data = statuses.slice(page.offset, page.offset + page.limit).map((s) => ({
        ...statusJson(s),
        runs: s.budget.period === 'per_run' ? budgets.statuses.runCounts(s.budget) : null,
      }));
      return paged(data, statuses.length, page);
    }),
  );

  router.get(
    '/v1/budgets/alerts',
    read,
    handle((req, res) => {
      const page = pageParams(req.query);
      const over = budgets.statuses.overLimit(tenantOf(res)).sort(byUrgency);
      const data = over.slice(page.offset, page.offset + page.limit).map((s) => {
        const overage = s.spentNanos - s.budget.limitNanos;
        return {
          ...statusJson(s),
          overage_usd: nanosToUsd(overage),
          overage_percent: Math.round((overage / s.budget.limitNanos) * 1_000_000) / 10_000,
        };
      });
      return paged(data, over.length, page);
    }),
  );

  router.get(
    '/v1/budgets',
    admin,
    handle((req, res) => {
      const page = pageParams(req.query);
      const all = [...budgets.registry.forTenant(tenantOf(res))].sort((a, b) => a.name.localeCompare(b.name));
      return paged(all.slice(page.offset, page.offset + page.limit).map(budgetJson), all.length, page);
    }),
  );

  router.post(
    '/v1/budgets',
    admin,
    handle(async (req, res) => {
      const budget = await budgets.admin.create(tenantOf(res), req.body);
      res.status(201).json(budgetJson(budget));
    }),
  );

  router.get(
    '/v1/budgets/:id',
    admin,
    handle((req, res) => {
      const budget = budgets.registry.find(tenantOf(res), String(req.params.id));
      if (!budget) throw notFound(`no budget "${String(req.params.id)}"`);
      const status = budgets.statuses.current(budget);
      return { ...budgetJson(budget), status: status ? statusJson(status) : null };
    }),
  );

  router.patch(
    '/v1/budgets/:id',
    admin,
    handle(async (req, res) => budgetJson(await budgets.admin.update(tenantOf(res), String(req.params.id), req.body))),
  );

  router.delete(
    '/v1/budgets/:id',
    admin,
    handle(async (req, res) => {
      await budgets.admin.remove(tenantOf(res), String(req.params.id));
      res.status(204).end();
    }),
  );

  router.get(
    '/v1/budgets/:id/alerts',
    read,
    handle(async (req, res) => {
      const tenant = tenantOf(res);
      const budget = budgets.registry.find(tenant, String(req.params.id));
      if (!budget) throw notFound(`no budget "${String(req.params.id)}"`);
      const page = pageParams(req.query);
      const { data, total } = await budgets.firedAlerts(tenant, budget.id, page.limit, page.offset);
      return paged(data.map((e) => e.alert), total, page);
    }),
  );

  router.use(mapBudgetErrors);
  return router;
}

async function checkBudgets(budgets: BudgetsService, req: Request, res: Response): Promise<void> {
  const started = process.hrtime.bigint();
  const tenant = principalOf(res).tenant;
  const q = req.query;
  const estimated = numberParam(q, 'estimated_cost', { min: 0 }) ?? 0;
  const request = {
    agent: stringParam(q, 'agent'),
    runId: stringParam(q, 'run_id'),
    taskType: stringParam(q, 'task_type'),
    model: stringParam(q, 'model'),
    estimatedNanos: estimated === 0 ? 0 : nanosField(estimated, 'estimated_cost'),
    approvalId: stringParam(q, 'approval_id'),
  };
  const decision: CheckDecision = budgets.checker.check(tenant, request);
  // Server time of the decision itself, for callers checking the sub-millisecond budget.
  res.setHeader('Server-Timing', `check;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(3)}`);
  switch (decision.outcome) {
    case 'allowed':
      res.json({
        allowed: true,
        remaining_usd: decision.remainingNanos === null ? null : nanosToUsd(decision.remainingNanos),
        reservation_id: decision.reservation?.id ?? null,
        reservation_expires_at: iso(decision.reservation?.expiresMs ?? null),
        cacheable: decision.cacheable,
        budgets: decision.budgets.map((b) => b.name),
        warnings: decision.warnings.map((w) => ({
          budget: w.budget.name,
          threshold: w.threshold,
          spent_usd: nanosToUsd(w.spentNanos),
          limit_usd: nanosToUsd(w.budget.limitNanos),
          policy: w.budget.policy,
          resets_at: iso(w.resetsAtMs),
        })),
      });
      return;
    case 'denied':
      res.status(402).json({
        allowed: false,
        reason: decision.reason,
        budget: decision.budget?.name ?? null,
        budget_id: decision.budget?.id ?? null,
        credits_agent: decision.creditAgent,
        policy: decision.budget?.policy ?? null,
        limit_usd: nanosToUsd(decision.limitNanos),
        spent_usd: nanosToUsd(decision.spentNanos),
        reserved_usd: nanosToUsd(decision.reservedNanos),
        remaining_usd: nanosToUsd(Math.max(0, decision.limitNanos - decision.spentNanos - decision.reservedNanos)),
        resets_at: iso(decision.resetsAtMs),
      });
      return;
    case 'approval_required': {
      const approval = await budgets.approvals.request(tenant, {
        agent: request.agent ?? null,
        runId: request.runId ?? null,
        taskType: request.taskType ?? null,
        model: request.model ?? null,
        operation: stringParam(q, 'operation') ?? null,
        estimatedNanos: request.estimatedNanos,
        reason: null,
        budget: decision.budget.name,
        callbackUrl: null,
      });
      res.status(202).json(approvalAnswer(approval, decision.budget.approvalThresholdNanos));
      return;
    }
    case 'approval_pending':
      res.status(202).json(approvalAnswer(decision.approval, null));
      return;
    case 'approval_denied':
      res.status(403).json({ allowed: false, reason: 'approval_denied', approval_id: decision.approval.id, approval: approvalJson(decision.approval) });
      return;
  }
}

function approvalAnswer(approval: Parameters<typeof approvalJson>[0], thresholdNanos: number | null) {
  return {
    allowed: false,
    approval_required: true,
    approval_id: approval.id,
    status: approval.status,
    budget: approval.budgetName,
    approval_threshold_usd: thresholdNanos === null ? null : nanosToUsd(thresholdNanos),
    poll: `/v1/approvals/${approval.id}`,
  };
}
