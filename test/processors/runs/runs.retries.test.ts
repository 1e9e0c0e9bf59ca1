import { describe, expect, it } from 'vitest';
import type { DecodedSpan } from '../../../src/pipeline/span.js';
import { agentSpan, chatSpan, span } from '../../support/spans.js';
import { runsHarness } from './harness.js';

const T0 = Date.UTC(2025, 5, 2, 10, 0, 0) * 1000;
const SECOND = 1_000_000;

/** A call from `from` to `to` seconds after T0. */
function at(from: number, to: number) {
  return { startUs: T0 + from * SECOND, endUs: T0 + to * SECOND };
}

function retryFlags(calls: { spanId: string; attempt: number; isRetry: boolean }[], spans: DecodedSpan[]) {
  return spans.map((s) => {
    const call = calls.find((c) => c.spanId === s.spanId);
    return call === undefined ? undefined : [call.attempt, call.isRetry];
  });
}

describe('runs: retries', () => {
  it('marks a run’s failed agent step and its retry, with several agents and batches out of order', async () => {
    const run = { 'tokentally.run_id': 'run-1' };
    const root = span({ name: 'pipeline', ...at(0, 60), attributes: run });
    const planner = agentSpan('planner', { parent: root, ...at(1, 10), attributes: run });
    const plannerCall = chatSpan({ parent: planner, model: 'gpt-4o-mini', ...at(2, 9), attributes: run });
    const failedStep = agentSpan('researcher', { parent: root, ...at(11, 20), status: 'error', attributes: run });
    const failedCall = chatSpan({ parent: failedStep, model: 'gpt-4o-mini', ...at(12, 19), status: 'error', attributes: { ...run, 'error.type': '429' } });
    const retriedStep = agentSpan('researcher', { parent: root, ...at(21, 30), attributes: run });
    const retryCall = chatSpan({ parent: retriedStep, model: 'gpt-4o-mini', ...at(22, 29), attributes: run });
    const writer = agentSpan('writer', { parent: root, ...at(31, 50), attributes: run });
    const writerCall = chatSpan({ parent: writer, model: 'gpt-4o-mini', ...at(32, 40), attributes: run });
    const writerNext = chatSpan({ parent: writer, model: 'gpt-4o-mini', ...at(41, 48), attributes: run });

    const runs = runsHarness();
    await runs.send(failedCall, failedStep);
    const middle = await runs.send(writerNext, plannerCall, writerCall);
    const last = await runs.send(retryCall, writer, retriedStep, planner, root);

    const calls = runs.sink.calls();
    expect(retryFlags(calls, [plannerCall, failedCall, retryCall, writerCall, writerNext])).toEqual([
      [1, false],
      [1, false],
      [2, true],
      [1, false],
      [1, false],
    ]);
    expect(calls.find((c) => c.spanId === retryCall.spanId)).toMatchObject({ agent: 'researcher', runId: 'run-1' });
    expect(middle.calls.map((c) => c.agent)).toEqual(['agent-service', 'agent-service', 'agent-service']);
    // In the order their agent spans arrive (writer, then planner).
    expect(last.fixups.map((f) => [f.spanId, f.agent])).toEqual([
      [writerNext.spanId, 'writer'],
      [writerCall.spanId, 'writer'],
      [plannerCall.spanId, 'planner'],
    ]);
  });

  it('limit: a retry stored before its agent span arrived is not matched to a failure whose agent was known', async () => {
    const failedStep = agentSpan('researcher', at(0, 2));
    const failedCall = chatSpan({ parent: failedStep, ...at(0, 1), status: 'error' });
    const retriedStep = agentSpan('researcher', { traceId: failedStep.traceId, ...at(3, 5) });
    const retryCall = chatSpan({ parent: retriedStep, ...at(3, 4) });
    const runs = runsHarness();
    await runs.send(failedCall, failedStep);
    const [stored] = (await runs.send(retryCall)).calls;
    expect(stored).toMatchObject({ agent: 'agent-service', isRetry: false });
  });

  it('matches a retry whose call span names its agent, whenever its agent span arrives', async () => {
    const failedStep = agentSpan('researcher', at(0, 2));
    const failedCall = chatSpan({ parent: failedStep, ...at(0, 1), status: 'error' });
    const retryCall = chatSpan({ traceId: failedStep.traceId, parentSpanId: 'abcdefabcdefabcd', ...at(3, 4), attributes: { 'gen_ai.agent.name': 'researcher' } });
    const runs = runsHarness();
    await runs.send(failedCall, failedStep);
    const [stored] = (await runs.send(retryCall)).calls;
    expect(stored).toMatchObject({ agent: 'researcher', attempt: 2, isRetry: true });
  });

  it('matches a retry of the same request (tokentally.request_hash) whatever agent it is attributed to', async () => {
    const hash = { 'tokentally.request_hash': '3b1f0c6e9a2d4f58' };
    const failedStep = agentSpan('researcher', at(0, 2));
    const failedCall = chatSpan({ parent: failedStep, ...at(0, 1), status: 'error', attributes: hash });
    const retriedStep = agentSpan('researcher', { traceId: failedStep.traceId, ...at(3, 5) });
    const retryCall = chatSpan({ parent: retriedStep, ...at(3, 4), attributes: hash });
    const runs = runsHarness();
    await runs.send(failedCall, failedStep);
    const [stored] = (await runs.send(retryCall)).calls;
    expect(stored).toMatchObject({ agent: 'agent-service', attempt: 2, isRetry: true });
  });

  it('counts attempts up through consecutive failures', async () => {
    const step = agentSpan('fetcher');
    const calls = [chatSpan({ parent: step, ...at(0, 1), status: 'error' }), chatSpan({ parent: step, ...at(2, 3), status: 'error' }), chatSpan({ parent: step, ...at(4, 5) })];
    const batch = await runsHarness().send(calls[2]!, calls[0]!, calls[1]!, step);
    expect(retryFlags(batch.calls, calls)).toEqual([[1, false], [2, true], [3, true]]);
  });

  it('ends the chain at a success: the next step with the same model is not a retry', async () => {
    const step = agentSpan('fetcher');
    const calls = [chatSpan({ parent: step, ...at(0, 1), status: 'error' }), chatSpan({ parent: step, ...at(2, 3) }), chatSpan({ parent: step, ...at(4, 5) })];
    const runs = runsHarness();
    await runs.send(step);
    for (const call of calls) await runs.send(call);
    expect(retryFlags(runs.sink.calls(), calls)).toEqual([[1, false], [2, true], [1, false]]);
  });

  it('does not mark calls that ran alongside the failure, or with another model, operation or agent', async () => {
    const a = agentSpan('a');
    const b = agentSpan('b', { traceId: a.traceId, parentSpanId: a.parentSpanId });
    const failure = chatSpan({ parent: a, model: 'gpt-4o', ...at(0, 10), status: 'error' });
    const overlapping = chatSpan({ parent: a, model: 'gpt-4o', ...at(5, 12) });
    const otherModel = chatSpan({ parent: a, model: 'gpt-4o-mini', ...at(11, 13) });
    const otherOperation = chatSpan({ parent: a, operation: 'embeddings', model: 'gpt-4o', ...at(11, 13) });
    const otherAgent = chatSpan({ parent: b, model: 'gpt-4o', ...at(11, 13) });
    const batch = await runsHarness().send(a, b, failure, overlapping, otherModel, otherOperation, otherAgent);
    expect(batch.calls.filter((c) => c.isRetry)).toEqual([]);
  });

  it('recognises a retry in a new trace of the same run', async () => {
    const run = { 'tokentally.run_id': 'batch-job-9' };
    const runs = runsHarness();
    await runs.send(chatSpan({ ...at(0, 1), status: 'error', attributes: { ...run, 'gen_ai.agent.name': 'summariser' } }));
    const [retry] = (await runs.send(chatSpan({ ...at(5, 6), attributes: { ...run, 'gen_ai.agent.name': 'summariser' } }))).calls;
    expect(retry).toMatchObject({ attempt: 2, isRetry: true });
  });

  it('keeps the attempt the instrumentation reports', async () => {
    const step = agentSpan('fetcher');
    const failure = chatSpan({ parent: step, ...at(0, 1), status: 'error', attributes: { 'tokentally.attempt': 1 } });
    const third = chatSpan({ parent: step, ...at(2, 3), attributes: { 'tokentally.attempt': 3 } });
    const lone = chatSpan({ parent: agentSpan('other'), attributes: { 'tokentally.attempt': 2 } });
    const batch = await runsHarness().send(step, failure, third, lone);
    expect(retryFlags(batch.calls, [failure, third, lone])).toEqual([[1, false], [3, true], [2, true]]);
  });

  it('limit: a retry stored before its failure arrived stays unmarked', async () => {
    const step = agentSpan('fetcher');
    const failure = chatSpan({ parent: step, ...at(0, 1), status: 'error' });
    const retry = chatSpan({ parent: step, ...at(2, 3) });
    const runs = runsHarness();
    await runs.send(step, retry);
    await runs.send(failure);
    expect(retryFlags(runs.sink.calls(), [failure, retry])).toEqual([[1, false], [1, false]]);
  });

  it('forgets failures after the trace memory time', async () => {
    const step = agentSpan('fetcher');
    const runs = runsHarness({}, 10);
    await runs.send(step, chatSpan({ parent: step, ...at(0, 1), status: 'error' }));
    runs.advanceMinutes(11);
    const [late] = (await runs.send(chatSpan({ parent: step, ...at(700, 701) }))).calls;
    expect(late?.isRetry).toBe(false);
  });
});
