import type { ActivityRecord, CallRecord } from '../../../src/pipeline/records.js';
import { makeActivity, makeCall } from '../../support/records.js';

/** "Now" of the synthetic history: a Wednesday afternoon, UTC. */
export const NOW_MS = Date.parse('2026-03-18T15:30:00Z');
const DAY_MS = 86_400_000;

/** A small deterministic generator (LCG), so every run builds the same history. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const MODELS = [
  { provider: 'openai', model: 'gpt-4o', input: 2_500, output: 10_000, cacheRead: 1_250 },
  { provider: 'openai', model: 'gpt-4o-mini', input: 150, output: 600, cacheRead: 75 },
  { provider: 'anthropic', model: 'claude-sonnet-4', input: 3_000, output: 15_000, cacheRead: 300 },
] as const;
const AGENTS = ['researcher', 'writer', 'reviewer'] as const;
const TASK_TYPES = ['research', 'drafting', null] as const;

export interface HistoryOptions {
  tenant?: string;
  days?: number;
  callsPerDay?: number;
  seed?: number;
  endMs?: number;
}

/**
 * Calls spread over the days before `endMs` (default NOW_MS): three agents, three priced models
 * and an unpriced one, task types, sessions, runs of several calls, errors and retries. Costs
 * are per-token prices in nano-dollars, so expected totals are exact integers.
 */
export function syntheticHistory(options: HistoryOptions = {}): CallRecord[] {
  const { tenant = 'default', days = 45, callsPerDay = 24, seed = 7, endMs = NOW_MS } = options;
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const calls: CallRecord[] = [];
  for (let d = days - 1; d >= 0; d--) {
    for (let i = 0; i < callsPerDay; i++) {
      const startMs = endMs - d * DAY_MS - Math.floor(next() * DAY_MS);
      const agent = pick(AGENTS);
      const unpriced = next() < 0.04;
      const m = pick(MODELS);
      const inputTokens = 200 + Math.floor(next() * 3000);
      const outputTokens = 20 + Math.floor(next() * 800);
      const cacheReadTokens = Math.floor(next() * inputTokens * 0.5);
      const inputCost = (inputTokens - cacheReadTokens) * m.input;
      const outputCost = outputTokens * m.output;
      const cacheReadCost = cacheReadTokens * m.cacheRead;
      const isRetry = next() < 0.06;
      calls.push(
        makeCall({
          startUs: startMs * 1000,
          endUs: (startMs + 500 + Math.floor(next() * 4000)) * 1000,
          tenant,
          agent,
          runId: `${tenant}-run-${d}-${Math.floor(i / 4)}`,
          responseId: `resp_${tenant}_${d}_${i}`,
          sessionId: `${tenant}-session-${d % 5}`,
          taskType: pick(TASK_TYPES),
          provider: unpriced ? 'local' : m.provider,
          requestModel: unpriced ? 'mystery-model' : m.model,
          responseModel: unpriced ? 'mystery-model' : m.model,
          status: next() < 0.05 ? 'error' : 'ok',
          isRetry,
          attempt: isRetry ? 2 : 1,
          inputTokens,
          outputTokens,
          cacheReadTokens,
          pricedModel: unpriced ? null : m.model,
          priceSource: unpriced ? 'unpriced' : 'catalog',
          cost: unpriced
            ? null
            : { inputCost, outputCost, cacheReadCost, cacheWriteCost: 0, reasoningCost: 0, otherCost: 0, totalCost: inputCost + outputCost + cacheReadCost },
        }),
      );
    }
  }
  return calls.filter((c) => c.startUs <= endMs * 1000);
}

/**
 * Activity for the runs of a history: in every second run an agent invocation and a tool call
 * (priced $0.01 every third one) after its first call; one tool call in five fails.
 */
export function syntheticActivity(calls: readonly CallRecord[], seed = 11): ActivityRecord[] {
  const next = random(seed);
  const runs = new Map<string, CallRecord[]>();
  for (const c of calls) runs.set(c.runId, [...(runs.get(c.runId) ?? []), c]);
  const out: ActivityRecord[] = [];
  [...runs.values()].forEach((rc, i) => {
    if (i % 2 === 1 || rc.length < 2) return;
    const sorted = [...rc].sort((a, b) => a.startUs - b.startUs);
    const first = sorted[0]!;
    // Whole milliseconds apart: JSON times carry milliseconds, and order must be visible in them.
    const startUs = first.startUs + 1000;
    const base = { tenant: first.tenant, runId: first.runId, agent: first.agent, sessionId: first.sessionId, traceId: first.traceId };
    out.push(makeActivity({ ...base, startUs, endUs: startUs + 1000, eventType: 'agent_invocation', name: first.agent }));
    out.push(
      makeActivity({
        ...base,
        startUs: startUs + 1000,
        endUs: startUs + 3000,
        eventType: 'tool_call',
        status: next() < 0.2 ? 'error' : 'ok',
        name: i % 3 === 0 ? 'web_search' : 'read_file',
        costNanos: i % 3 === 0 ? 10_000_000 : null,
      }),
    );
  });
  return out;
}
