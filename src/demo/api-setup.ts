import { AGENTS } from './fleet.js';
import type { BudgetBody } from './demo-budgets.js';

/**
 * What happened to one registration: the demo goes on whatever the answer. `unavailable`: the
 * server has no such endpoint; `unreachable`: nothing answered, so the rest is not tried.
 */
export type SetupResult =
  | { status: 'done' | 'exists'; name: string }
  | { status: 'unavailable' | 'unreachable' | 'failed'; name: string; detail: string };

export interface ApiTarget {
  /** The API's base URL, e.g. http://127.0.0.1:4319. */
  apiUrl: string;
  apiKey?: string;
}

/**
 * Registers the fleet in the agent registry (departments, roles, human-equivalent cost), when the
 * server has PUT /v1/agents/:name. `monthlyBudgets` adds a registry budget per agent name.
 */
export async function registerAgents(target: ApiTarget, monthlyBudgets: Readonly<Record<string, number>>): Promise<SetupResult[]> {
  const results: SetupResult[] = [];
  for (const agent of AGENTS) {
    const budget = monthlyBudgets[agent.name];
    const result = await call(target, 'PUT', `/v1/agents/${encodeURIComponent(agent.name)}`, agent.name, {
      display_name: agent.displayName,
      department: agent.department,
      role: agent.role,
      human_equivalent_monthly_cost_usd: agent.humanEquivalentMonthlyUsd,
      ...(budget === undefined ? {} : { monthly_budget_usd: budget }),
    });
    results.push(result);
    if (result.status === 'unreachable') break;
  }
  return results;
}

/** Creates the example budgets, when the server has POST /v1/budgets; an existing name is kept. */
export async function createBudgets(target: ApiTarget, budgets: readonly BudgetBody[]): Promise<SetupResult[]> {
  const results: SetupResult[] = [];
  for (const budget of budgets) {
    const result = await call(target, 'POST', '/v1/budgets', budget.name, budget);
    results.push(result);
    if (result.status === 'unreachable') break;
  }
  return results;
}

async function call(target: ApiTarget, method: string, path: string, name: string, body: object): Promise<SetupResult> {
  let response: Response;
  try {
    response = await fetch(new URL(path, target.apiUrl), {
      method,
      headers: { 'content-type': 'application/json', ...(target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { status: 'unreachable', name, detail: `nothing answers at ${target.apiUrl} (pass --api URL)` };
  }
  const text = await response.text();
  if (response.ok) return { status: 'done', name };
  if (response.status === 409) return { status: 'exists', name };
  // The API's answer for a route it does not have (src/api/errors.ts); any other 404 is an error.
  if (response.status === 404 && text.includes('no such endpoint')) {
    return { status: 'unavailable', name, detail: `${method} ${path} is not available on this server` };
  }
  return { status: 'failed', name, detail: `${method} ${path} answered ${response.status}: ${errorMessage(text)}` };
}

function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
  } catch {
    // Not JSON: the raw body says more than nothing.
  }
  return text.slice(0, 200);
}
