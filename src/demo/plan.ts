import { localDate } from '../util/time.js';
import type { PipelineName, ServiceName } from './fleet.js';
import { idSeed } from './ids.js';
import { BUILDERS } from './pipelines.js';
import { Random } from './random.js';
import { scheduleRuns } from './schedule.js';
import { walk, type SpanSpec } from './span-spec.js';

export interface DemoOptions {
  seed: number;
  /** Days of history, today included. */
  days: number;
  /** Research-report runs on a busy weekday; support conversations are three times as many. */
  runsPerDay: number;
  nowMs: number;
}

export interface PlannedRun {
  runId: string;
  pipeline: PipelineName;
  service: ServiceName;
  root: SpanSpec;
}

/** What the demo sends, counted the way tokentally stores it. */
export interface DemoTotals {
  runs: number;
  /** UTC days that have at least one run. */
  days: number;
  firstDay: string;
  lastDay: string;
  spans: number;
  /** Model-call spans: one llm_calls row each. */
  calls: number;
  failedCalls: number;
  retries: number;
  toolCalls: number;
  agentSpans: number;
  unpricedCalls: number;
  /** The catalog's price of every priced call, in nano-dollars. */
  modelCostNanos: number;
  /** Per-call tool prices (`tokentally.cost.usd`), in nano-dollars. */
  toolCostNanos: number;
}

export interface DemoPlan {
  options: DemoOptions;
  runs: PlannedRun[];
  totals: DemoTotals;
}

const RUN_PREFIX: Readonly<Record<PipelineName, string>> = { 'research-report': 'rpt', 'support-conversation': 'conv' };

/**
 * The whole demo history as data, before anything is sent: a function of the seed and the dates
 * of the window. Ids also mix in today's date, so re-running with the same seed on the same day
 * sends the same runs again (tokentally stores each span once), while a run on a later day adds
 * a new history instead of colliding with the old ids.
 */
export function planDemo(options: DemoOptions): DemoPlan {
  const rng = new Random(options.seed);
  const ids = new Random(idSeed(options.seed, options.nowMs) ^ 0x5bd1e995);
  const runs = scheduleRuns(rng, options).map(({ pipeline, startMs }): PlannedRun => {
    const day = localDate(startMs, 'UTC').replaceAll('-', '');
    const runId = `${RUN_PREFIX[pipeline.name]}-${day}-${ids.hex(6)}`;
    const seed = { runId, taskType: rng.pick(pipeline.taskTypes), startMs, sessionId: `sess-${ids.hex(10)}` };
    return { runId, pipeline: pipeline.name, service: pipeline.service, root: BUILDERS[pipeline.name](rng, seed) };
  });
  return { options, runs, totals: countTotals(runs) };
}

function countTotals(runs: readonly PlannedRun[]): DemoTotals {
  const totals: DemoTotals = { runs: runs.length, days: 0, firstDay: '', lastDay: '', spans: 0, calls: 0, failedCalls: 0, retries: 0, toolCalls: 0, agentSpans: 0, unpricedCalls: 0, modelCostNanos: 0, toolCostNanos: 0 };
  const days = new Set<string>();
  for (const run of runs) {
    days.add(localDate(run.root.startMs, 'UTC'));
    for (const span of walk(run.root)) {
      totals.spans++;
      if (span.role === 'agent') totals.agentSpans++;
      if (span.role === 'tool') {
        totals.toolCalls++;
        totals.toolCostNanos += span.costNanos ?? 0;
      }
      if (span.role !== 'call') continue;
      totals.calls++;
      if (span.error !== undefined) totals.failedCalls++;
      if (span.attributes['tokentally.attempt'] !== undefined) totals.retries++;
      if (span.costNanos === null) totals.unpricedCalls++;
      else totals.modelCostNanos += span.costNanos;
    }
  }
  const sorted = [...days].sort();
  return { ...totals, days: sorted.length, firstDay: sorted[0] ?? '', lastDay: sorted[sorted.length - 1] ?? '' };
}

