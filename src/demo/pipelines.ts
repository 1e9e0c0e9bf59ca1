import { CALLS, TOOLS, type PipelineName } from './fleet.js';
import type { Random } from './random.js';
import { RunBuilder } from './run-builder.js';
import type { SpanSpec } from './span-spec.js';

export interface RunSeed {
  runId: string;
  taskType: string;
  startMs: number;
  sessionId: string;
}

/**
 * The content pipeline: a planner, a researcher that loops over search, scrape and a cheap model,
 * a writer on a cached prompt, and a critic with a reasoning model that sends some drafts back
 * for revision (so some runs cost twice what others do).
 */
export function researchReport(rng: Random, seed: RunSeed): SpanSpec {
  const run = new RunBuilder(rng, seed.runId, seed.taskType, seed.startMs);
  return run.workflow('research-report', 'content-pipeline', () => {
    const steps = [run.agent('planner', () => run.call('planner', CALLS.plan))];
    steps.push(
      run.agent('researcher', () => {
        const spans: SpanSpec[] = [];
        const rounds = rng.int(2, 6);
        for (let i = 0; i < rounds; i++) {
          // Each round's prompt carries what the earlier rounds found.
          spans.push(...run.call('researcher', CALLS.researchStep, i * 1_500));
          spans.push(run.tool('researcher', TOOLS.webSearch));
          if (rng.chance(0.7)) spans.push(run.tool('researcher', TOOLS.scrape));
          if (rng.chance(0.3)) spans.push(run.tool('researcher', TOOLS.scrape));
        }
        spans.push(...run.call('researcher', CALLS.embedSources));
        if (rng.chance(0.45)) spans.push(...run.call('researcher', CALLS.synthesise));
        return spans;
      }),
    );
    steps.push(run.agent('writer', () => run.call('writer', CALLS.draft)));
    steps.push(run.agent('critic', () => run.call('critic', CALLS.critique)));
    for (let revision = 0; revision < 2 && rng.chance(revision === 0 ? 0.35 : 0.2); revision++) {
      steps.push(run.agent('writer', () => run.call('writer', CALLS.revise)));
      steps.push(run.agent('critic', () => run.call('critic', CALLS.critique)));
    }
    return steps;
  });
}

/**
 * A support conversation: each turn a private intent model (that no catalog prices), sometimes a
 * knowledge-base lookup, and an answer from a small model whose prompt grows with the history;
 * a few conversations are summarised for a human hand-off.
 */
export function supportConversation(rng: Random, seed: RunSeed): SpanSpec {
  const run = new RunBuilder(rng, seed.runId, seed.taskType, seed.startMs, seed.sessionId);
  const turns = rng.weighted([[1, 3], [2, 4], [3, 3], [4, 2], [5, 1], [6, 1]] as const);
  return run.agent('support-bot', () => {
    const spans: SpanSpec[] = [];
    for (let turn = 0; turn < turns; turn++) {
      if (turn > 0) run.wait(15_000, 110_000);
      spans.push(...run.call('support-bot', CALLS.classifyIntent));
      if (rng.chance(0.6)) spans.push(run.tool('support-bot', TOOLS.knowledgeBase));
      // The answer's prompt holds the conversation so far.
      spans.push(...run.call('support-bot', CALLS.answer, turn * 700));
    }
    if (rng.chance(0.12)) spans.push(...run.call('support-bot', CALLS.summariseTicket));
    return spans;
  });
}

export const BUILDERS: Readonly<Record<PipelineName, (rng: Random, seed: RunSeed) => SpanSpec>> = {
  'research-report': researchReport,
  'support-conversation': supportConversation,
};
