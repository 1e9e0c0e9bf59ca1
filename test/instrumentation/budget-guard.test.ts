import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onBudgetAlert, type BudgetAlert } from '../../instrumentation/budget/alerts.js';
import {
  BudgetApprovalDeniedError,
  BudgetApprovalRequiredError,
  BudgetExceededError,
  BudgetUnavailableError,
} from '../../instrumentation/budget/errors.js';
import { BudgetGuard, type BudgetGuardOptions } from '../../instrumentation/budget/guard.js';
import { closedPort } from './helpers/agent-process.js';
import { startBudgetCheckServer, type BudgetCheckServer, type ScriptedAnswer } from './helpers/budget-check-server.js';

describe('BudgetGuard', () => {
  const call = { provider: 'openai', model: 'gpt-4o-mini', requestChars: 400 };
  const attribution = { agent: 'researcher', runId: 'run-1', taskType: 'research' };
  let server: BudgetCheckServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function guardAnswering(
    answer: (index: number) => ScriptedAnswer,
    options: Partial<BudgetGuardOptions> = {},
  ): Promise<BudgetGuard> {
    server = await startBudgetCheckServer((_check, index) => answer(index));
    return new BudgetGuard({
      endpoint: { baseUrl: server.url, apiKey: 'key-1', timeoutMs: 1_000 },
      failMode: 'open',
      cacheMs: 60_000,
      estimate: async () => 0.004,
      ...options,
    });
  }

  it('asks with the attribution, model and estimate, and returns the reservation', async () => {
    const guard = await guardAnswering(() => ({ status: 200, body: { allowed: true, remaining_usd: 1, reservation_id: 'res-1' } }));
    await expect(guard.beforeModelCall(call, attribution)).resolves.toEqual({ reservationId: 'res-1', estimatedCostUsd: 0.004 });
    expect(server!.checks).toEqual([
      {
        params: { agent: 'researcher', run_id: 'run-1', task_type: 'research', model: 'gpt-4o-mini', estimated_cost: '0.004' },
        authorization: 'Bearer key-1',
      },
    ]);
  });

  it('checks the service name as the agent when no withAgent is in effect', async () => {
    const guard = await guardAnswering(() => ({ status: 200, body: { allowed: true } }), { defaultAgent: 'research-pipeline' });
    await guard.beforeModelCall(call, {});
    expect(server!.checks[0]?.params).toEqual({ agent: 'research-pipeline', model: 'gpt-4o-mini', estimated_cost: '0.004' });
  });

  it('reuses an answer the collector marks cacheable, per attribution and model', async () => {
    const guard = await guardAnswering(() => ({ status: 200, body: { allowed: true, remaining_usd: 0.009, reservation_id: null, cacheable: true } }));
    await guard.beforeModelCall(call, attribution);
    await guard.beforeModelCall(call, attribution);
    await guard.beforeModelCall(call, attribution);
    expect(server!.checks).toHaveLength(1);
    await guard.beforeModelCall(call, { ...attribution, runId: 'run-2' });
    expect(server!.checks).toHaveLength(2);
  });

  it('asks before every call, each with its own reservation, where a hard budget applies', async () => {
    const guard = await guardAnswering((index) => ({ status: 200, body: { allowed: true, remaining_usd: 5, reservation_id: `res-${index}`, cacheable: false } }));
    const decisions = [await guard.beforeModelCall(call, attribution), await guard.beforeModelCall(call, attribution)];
    expect(decisions.map((d) => d.reservationId)).toEqual(['res-0', 'res-1']);
    expect(server!.checks).toHaveLength(2);
  });

  it('throws BudgetExceededError with the 402 details, and remembers the denial', async () => {
    const guard = await guardAnswering(() => ({
      status: 402,
      body: { allowed: false, budget: 'researcher-daily', limit_usd: 25, spent_usd: 25.01, resets_at: '2026-11-23T00:00:00Z' },
    }));
    const error = await guard.beforeModelCall(call, attribution).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({
      name: 'BudgetExceededError',
      status: 402,
      budget: 'researcher-daily',
      limitUsd: 25,
      spentUsd: 25.01,
      resetsAt: '2026-11-23T00:00:00Z',
      details: { allowed: false, budget: 'researcher-daily', limit_usd: 25, spent_usd: 25.01, resets_at: '2026-11-23T00:00:00Z' },
    });
    await expect(guard.beforeModelCall(call, attribution)).rejects.toBeInstanceOf(BudgetExceededError);
    expect(server!.checks).toHaveLength(1);
  });

  it('throws BudgetApprovalRequiredError on 202', async () => {
    const guard = await guardAnswering(() => ({ status: 202, body: { approval_id: 'ap-7' } }));
    await expect(guard.beforeModelCall(call, attribution)).rejects.toMatchObject({
      name: 'BudgetApprovalRequiredError',
      approvalId: 'ap-7',
    });
    await expect(guard.beforeModelCall(call, attribution)).rejects.toBeInstanceOf(BudgetApprovalRequiredError);
  });

  it('throws BudgetApprovalDeniedError when the approval was refused', async () => {
    const guard = await guardAnswering(() => ({
      status: 403,
      body: { allowed: false, reason: 'approval_denied', approval_id: 'ap-8' },
    }));
    await expect(guard.beforeModelCall(call, attribution)).rejects.toBeInstanceOf(BudgetApprovalDeniedError);
  });

  it('says when the call does not fit what is left, rather than that the budget is spent', async () => {
    const guard = await guardAnswering(() => ({
      status: 402,
      body: { allowed: false, reason: 'insufficient_allowance', budget: 'run-cap', limit_usd: 1, spent_usd: 0.99, resets_at: null },
    }));
    await expect(guard.beforeModelCall(call, attribution)).rejects.toThrow(
      'tokentally: budget "run-cap" is too low for this call ($0.99 of $1 spent)',
    );
  });

  it('delivers each soft warning once to onBudgetAlert handlers', async () => {
    const alerts: BudgetAlert[] = [];
    const stop = onBudgetAlert((alert) => alerts.push(alert));
    const guard = await guardAnswering(() => ({
      status: 200,
      body: { allowed: true, remaining_usd: 5, warnings: [{ budget: 'org-monthly', threshold: 80, spent_usd: 80, limit_usd: 100 }] },
    }), { cacheMs: 0 });
    await guard.beforeModelCall(call, attribution);
    await guard.beforeModelCall(call, attribution);
    stop();
    expect(alerts).toEqual([
      { budget: 'org-monthly', thresholdPercent: 80, spentUsd: 80, limitUsd: 100, policy: undefined, resetsAt: undefined },
    ]);
  });

  describe('when the collector cannot answer', () => {
    it('fails open by default, warns once, and stops asking for a while', async () => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const guard = await guardAnswering(() => ({ status: 503, body: {} }), { cacheMs: 0 });
      await expect(guard.beforeModelCall(call, attribution)).resolves.toEqual({});
      await expect(guard.beforeModelCall(call, attribution)).resolves.toEqual({});
      expect(server!.checks).toHaveLength(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('model calls proceed unchecked (TOKENTALLY_BUDGET_FAIL=open)');
      warn.mockRestore();
    });

    it('fails closed with BudgetUnavailableError when configured so', async () => {
      const unreachable = `http://127.0.0.1:${await closedPort()}`;
      const guard = new BudgetGuard({ endpoint: { baseUrl: unreachable, timeoutMs: 1_000 }, failMode: 'closed', cacheMs: 0 });
      await expect(guard.beforeModelCall(call, attribution)).rejects.toBeInstanceOf(BudgetUnavailableError);
    });

    it('gives up on a hung collector after the timeout', async () => {
      const hung: Server = createServer(() => {});
      await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
        const guard = new BudgetGuard({ endpoint: { baseUrl: url, timeoutMs: 200 }, failMode: 'open', cacheMs: 0 });
        const started = Date.now();
        await expect(guard.beforeModelCall(call, attribution)).resolves.toEqual({});
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        hung.closeAllConnections();
        await new Promise((resolve) => hung.close(resolve));
      }
    });
  });
});
