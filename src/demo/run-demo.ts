import { createBudgets, registerAgents, type SetupResult } from './api-setup.js';
import { demoBudgets, supportMonthlyBudgetUsd } from './demo-budgets.js';
import { idSeed } from './ids.js';
import { sendRuns } from './otlp-sender.js';
import { planDemo, type DemoOptions, type DemoPlan } from './plan.js';

export interface DemoRunOptions extends DemoOptions {
  /** OTLP/HTTP traces URL. */
  endpoint: string;
  /** The API's base URL, for the agent registry and the example budgets. */
  apiUrl: string;
  apiKey?: string;
  batchSize?: number;
  /** Called once the plan is known, before anything is sent (e.g. to size a progress bar). */
  onPlanned?: (plan: DemoPlan) => void;
  onProgress?: (spansSent: number) => void;
}

export interface DemoResult {
  plan: DemoPlan;
  spansSent: number;
  agents: SetupResult[];
  budgets: SetupResult[];
}

/**
 * Plans the fleet's history, registers the agents, sends every span through the real OTLP
 * exporter, then creates the example budgets. Budgets come last: created over the stored history,
 * each fires the thresholds its current period has crossed, where budgets that watched the
 * history arrive would alert once per past day.
 */
export async function runDemo(options: DemoRunOptions): Promise<DemoResult> {
  const plan = planDemo(options);
  options.onPlanned?.(plan);
  const target = { apiUrl: options.apiUrl, apiKey: options.apiKey };
  const agents = await registerAgents(target, { 'support-bot': supportMonthlyBudgetUsd(plan) });
  const spansSent = await sendRuns(plan.runs, {
    endpoint: options.endpoint,
    apiKey: options.apiKey,
    idSeed: idSeed(options.seed, options.nowMs),
    batchSize: options.batchSize,
    onProgress: options.onProgress,
  });
  // An API that did not answer the registry will not answer for budgets either.
  const budgets = agents.some((r) => r.status === 'unreachable') ? [] : await createBudgets(target, demoBudgets(plan));
  return { plan, spansSent, agents, budgets };
}
