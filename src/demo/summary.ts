import type { SetupResult } from './api-setup.js';
import { formatUsdNanos } from '../util/money.js';
import { MODELS } from './fleet.js';
import type { DemoResult } from './run-demo.js';

export interface SummaryContext {
  elapsedMs: number;
  /** The API's base URL, for the "where to look" lines. */
  apiUrl: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/** What the demo sent and where a newcomer sees it. */
export function formatSummary(result: DemoResult, context: SummaryContext): string {
  const t = result.plan.totals;
  const unpriced = MODELS.privateIntent;
  const api = context.apiUrl.replace(/\/+$/, '');
  return [
    `tokentally demo: sent ${count(result.spansSent)} spans in ${(context.elapsedMs / 1000).toFixed(1)} s`,
    `  history      ${t.days} days (${t.firstDay} to ${t.lastDay}, UTC), ${count(t.runs)} runs of research-report and support-conversation`,
    `  model calls  ${count(t.calls)}: ${count(t.failedCalls)} failed and were retried, ${count(t.unpricedCalls)} to ${unpriced.provider}/${unpriced.model}, which no catalog prices`,
    `  activity     ${count(t.toolCalls)} tool calls, ${count(t.agentSpans)} agent and workflow spans`,
    `  catalog cost ${formatUsdNanos(t.modelCostNanos)} for priced model calls + ${formatUsdNanos(t.toolCostNanos)} for paid tools`,
    `  registry     ${setupLine(result.agents, 'agents registered')}`,
    `  budgets      ${setupLine(result.budgets, 'created')}`,
    '',
    'Where to look:',
    `  dashboard    ${api}/`,
    '  CLI          tokentally usage',
    `  API          curl '${api}/v1/usage?period=month'   (also /v1/runs, /v1/agents, /v1/unpriced, /v1/budgets/status)`,
  ].join('\n');
}

function setupLine(results: readonly SetupResult[], doneLabel: string): string {
  if (results.length === 0) return 'skipped: the API did not answer';
  const done = results.filter((r) => r.status === 'done').map((r) => r.name);
  const existing = results.filter((r) => r.status === 'exists').map((r) => r.name);
  const problems = results.flatMap((r) => ('detail' in r ? [r.detail] : []));
  const unreachable = results.find((r) => r.status === 'unreachable');
  if (unreachable?.status === 'unreachable') return `skipped: ${unreachable.detail}`;
  const first = results[0];
  if (first?.status === 'unavailable' && results.every((r) => r.status === 'unavailable')) return `skipped: ${first.detail}`;
  const parts = [];
  if (done.length > 0) parts.push(`${done.length} ${doneLabel} (${done.join(', ')})`);
  if (existing.length > 0) parts.push(`${existing.length} already there (${existing.join(', ')})`);
  if (problems.length > 0) parts.push(`${problems.length} failed: ${problems[0]}`);
  return parts.join('; ');
}
