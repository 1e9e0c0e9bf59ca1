import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { BudgetAlert } from './alerts.js';
import type { BudgetApproval, BudgetDenial } from './errors.js';
import { isRecord, numberAt, stringAt } from '../values.js';

export interface BudgetCheckRequest {
  agent?: string;
  runId?: string;
  taskType?: string;
  model?: string;
  estimatedCostUsd?: number;
}

export interface BudgetCheckEndpoint {
  /** tokentally's API base URL (TOKENTALLY_URL). */
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
}

export type BudgetCheckOutcome =
  | { status: 'allowed'; remainingUsd: number | null; reservationId?: string; warnings: BudgetAlert[]; cacheable: boolean }
  | { status: 'denied'; denial: BudgetDenial }
  | { status: 'approval_required'; approval: BudgetApproval }
  | { status: 'approval_denied'; approval: BudgetApproval }
  | { status: 'unavailable'; reason: string };

/**
 * Asks GET /v1/budgets/check. Never throws: whatever keeps the answer from being read (network,
 * timeout, an unexpected status or body) is `unavailable`, for the guard's fail mode to decide.
 */
export async function requestBudgetCheck(
  request: BudgetCheckRequest,
  endpoint: BudgetCheckEndpoint,
): Promise<BudgetCheckOutcome> {
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
    // An HTTP instrumentation the application added must not trace tokentally's own traffic.
    const response = await context.with(suppressTracing(context.active()), () =>
      fetch(budgetCheckUrl(request, endpoint.baseUrl), {
        headers,
        signal: AbortSignal.timeout(endpoint.timeoutMs),
      }),
    );
    return classifyAnswer(response.status, await readJson(response));
  } catch (error) {
    return { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}

export function budgetCheckUrl(request: BudgetCheckRequest, baseUrl: string): URL {
  // Relative to the base, so a base URL with a path prefix (behind a proxy) keeps it.
  const url = new URL('v1/budgets/check', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const params: Array<[string, string | undefined]> = [
    ['agent', request.agent],
    ['run_id', request.runId],
    ['task_type', request.taskType],
    ['model', request.model],
    ['estimated_cost', request.estimatedCostUsd === undefined ? undefined : formatUsd(request.estimatedCostUsd)],
  ];
  for (const [name, value] of params) {
    if (value !== undefined && value !== '') url.searchParams.set(name, value);
  }
  return url;
}

export function classifyAnswer(status: number, body: unknown): BudgetCheckOutcome {
  if (status === 200 && isRecord(body) && body.allowed === true) {
    const remaining = numberAt(body, 'remaining_usd');
    return {
      status: 'allowed',
      remainingUsd: remaining ?? null,
      reservationId: stringAt(body, 'reservation_id'),
      warnings: Array.isArray(body.warnings) ? body.warnings.flatMap(readWarning) : [],
      // Only when the collector says so: an answer reused where a hard budget applies is spend
      // no one reserved.
      cacheable: body.cacheable === true,
    };
  }
  if (status === 402 && isRecord(body)) {
    return {
      status: 'denied',
      denial: {
        ...body,
        allowed: false,
        budget: stringAt(body, 'budget') ?? null,
        limit_usd: numberAt(body, 'limit_usd') ?? 0,
        spent_usd: numberAt(body, 'spent_usd') ?? 0,
        resets_at: stringAt(body, 'resets_at') ?? null,
      },
    };
  }
  const approvalId = stringAt(body, 'approval_id');
  if (status === 202 && isRecord(body) && approvalId !== undefined) {
    return { status: 'approval_required', approval: { ...body, approval_id: approvalId } };
  }
  // A 403 without this shape is the API key lacking the ingest scope: a misconfiguration.
  if (status === 403 && isRecord(body) && body.reason === 'approval_denied' && approvalId !== undefined) {
    return { status: 'approval_denied', approval: { ...body, approval_id: approvalId } };
  }
  return { status: 'unavailable', reason: `unexpected answer: HTTP ${status}` };
}

function readWarning(value: unknown): BudgetAlert[] {
  const budget = stringAt(value, 'budget');
  const thresholdPercent = numberAt(value, 'threshold');
  if (budget === undefined || thresholdPercent === undefined) return [];
  const policy = stringAt(value, 'policy');
  return [
    {
      budget,
      thresholdPercent,
      spentUsd: numberAt(value, 'spent_usd'),
      limitUsd: numberAt(value, 'limit_usd'),
      policy: policy === 'soft' || policy === 'hard' ? policy : undefined,
      resetsAt: stringAt(value, 'resets_at'),
    },
  ];
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** Nano-dollar resolution, as tokentally stores money. */
function formatUsd(usd: number): string {
  return String(Math.round(usd * 1e9) / 1e9);
}
