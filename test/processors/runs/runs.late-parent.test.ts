import { describe, expect, it } from 'vitest';
import { agentSpan, chatSpan, httpSpan, span, toolSpan } from '../../support/spans.js';
import { runsHarness } from './harness.js';

/**
 * Exporters send a span when it ends, and a parent ends after its children: the invoke_agent
 * span of a long agent step often arrives batches after the calls it made.
 */
describe('runs: an agent span that arrives after its calls', () => {
  it('stores the calls under the service name, then fixes them up when the agent arrives', async () => {
    const runs = runsHarness();
    const agent = agentSpan('researcher', { service: 'crew' });
    const first = chatSpan({ parent: agent, service: 'crew' });
    const tool = toolSpan('search', { parent: agent, service: 'crew', attributes: { 'tokentally.cost.usd': 0.002 } });
    const second = chatSpan({ parent: agent, service: 'crew' });

    const early = await runs.send(first, tool);
    expect(early.calls[0]?.agent).toBe('crew');
    expect(early.activities[0]?.agent).toBe('crew');
    const later = await runs.send(second);
    expect(later.calls[0]?.agent).toBe('crew');

    const last = await runs.send(agent);
    expect(last.fixups).toEqual([
      { tenant: 'default', traceId: agent.traceId, spanId: first.spanId, agent: 'researcher', runId: null, sessionId: null, startUs: first.startUs },
      { tenant: 'default', traceId: agent.traceId, spanId: tool.spanId, agent: 'researcher', runId: null, sessionId: null, startUs: tool.startUs },
      { tenant: 'default', traceId: agent.traceId, spanId: second.spanId, agent: 'researcher', runId: null, sessionId: null, startUs: second.startUs },
    ]);
    expect((await runs.send(chatSpan({ parent: agent }))).fixups).toEqual([]);
  });

  it('follows the gap closing in steps: an HTTP span first, the agent later', async () => {
    const runs = runsHarness();
    const agent = agentSpan('coder');
    const http = httpSpan({ parent: agent });
    const call = chatSpan({ parent: http });
    await runs.send(call);
    expect((await runs.send(http)).fixups).toEqual([]);
    expect((await runs.send(agent)).fixups).toEqual([{ tenant: 'default', traceId: call.traceId, spanId: call.spanId, agent: 'coder', runId: null, sessionId: null, startUs: call.startUs }]);
  });

  it('fixes up nothing when the late ancestors name no agent', async () => {
    const runs = runsHarness();
    const root = span({ name: 'cron job', service: 'etl' });
    const call = chatSpan({ parent: root, service: 'etl' });
    expect((await runs.send(call)).calls[0]?.agent).toBe('etl');
    expect((await runs.send(root)).fixups).toEqual([]);
    expect((await runs.send(agentSpan('late', { parentSpanId: 'ffffffffffffffff', traceId: call.traceId }))).fixups).toEqual([]);
  });

  it('fixes up each stored call once, to its nearest agent', async () => {
    const runs = runsHarness();
    const outer = agentSpan('orchestrator');
    const inner = agentSpan('analyst', { parent: outer });
    const call = chatSpan({ parent: inner });
    await runs.send(call);
    const batch = await runs.send(outer, inner);
    expect(batch.fixups).toEqual([{ tenant: 'default', traceId: call.traceId, spanId: call.spanId, agent: 'analyst', runId: null, sessionId: null, startUs: call.startUs }]);
    expect((await runs.send(agentSpan('x', { parent: outer }))).fixups).toEqual([]);
  });

  it('emits fixups for the tenant that sent the calls', async () => {
    const runs = runsHarness();
    const agent = agentSpan('writer');
    await runs.sendAs('acme', chatSpan({ parent: agent }));
    expect((await runs.sendAs('acme', agent)).fixups.map((f) => f.tenant)).toEqual(['acme']);
  });
});

/**
 * A run id or session set on the root span alone (plain OpenTelemetry, no baggage) reaches the
 * collector after the calls of any run longer than one export interval.
 */
describe('runs: a root span carrying the run id that arrives after its calls', () => {
  const rootOf = (run: string, attributes: Record<string, string> = {}) => span({ name: 'nightly report', attributes: { 'tokentally.run_id': run, ...attributes } });

  it('stores the calls under the trace id, then moves them to the run when the root arrives', async () => {
    const runs = runsHarness();
    const root = rootOf('nightly-2025-06-02', { 'session.id': 'sess-9' });
    const agent = agentSpan('researcher', { parent: root });
    const call = chatSpan({ parent: agent });
    const tool = toolSpan('search', { parent: agent });

    const early = await runs.send(call, tool, agent);
    expect(early.calls[0]).toMatchObject({ runId: root.traceId, agent: 'researcher', sessionId: null });
    expect(early.activities.map((a) => a.runId)).toEqual([root.traceId, root.traceId]);

    const fix = (spanId: string, startUs: number) => ({ tenant: 'default', traceId: root.traceId, spanId, agent: null, runId: 'nightly-2025-06-02', sessionId: 'sess-9', startUs });
    const last = await runs.send(root);
    expect(last.fixups).toEqual([fix(call.spanId, call.startUs), fix(tool.spanId, tool.startUs), fix(agent.spanId, agent.startUs)]);
    // Settled: a resent root fixes nothing again.
    expect((await runs.send(root)).fixups).toEqual([]);
  });

  it('fixes the agent as soon as the agent span comes, and the run when the root does', async () => {
    const runs = runsHarness();
    const root = rootOf('etl-7');
    const agent = agentSpan('coder', { parent: root });
    const call = chatSpan({ parent: agent, service: 'crew' });
    expect((await runs.send(call)).calls[0]).toMatchObject({ agent: 'crew', runId: call.traceId });
    expect((await runs.send(agent)).fixups).toEqual([{ tenant: 'default', traceId: call.traceId, spanId: call.spanId, agent: 'coder', runId: null, sessionId: null, startUs: call.startUs }]);
    expect((await runs.send(root)).fixups).toEqual([
      { tenant: 'default', traceId: call.traceId, spanId: call.spanId, agent: null, runId: 'etl-7', sessionId: null, startUs: call.startUs },
      { tenant: 'default', traceId: call.traceId, spanId: agent.spanId, agent: null, runId: 'etl-7', sessionId: null, startUs: agent.startUs },
    ]);
  });

  it('treats an empty run id on a call as none: the call takes the run of its root', async () => {
    const runs = runsHarness();
    const root = rootOf('batch-2');
    const call = chatSpan({ parent: root, attributes: { 'tokentally.run_id': '' } });
    expect((await runs.send(call)).calls[0]?.runId).toBe(call.traceId);
    expect((await runs.send(root)).fixups.map((f) => f.runId)).toEqual(['batch-2']);
    expect((await runs.send(chatSpan({ parent: root, attributes: { 'tokentally.run_id': '' } }))).calls[0]?.runId).toBe('batch-2');
  });

  it('leaves a call that names its own run, and a trace whose root names none, as stored', async () => {
    const runs = runsHarness();
    const root = rootOf('batch-1');
    const own = chatSpan({ parent: root, attributes: { 'tokentally.run_id': 'own-run', 'gen_ai.agent.name': 'a', 'session.id': 's' } });
    expect((await runs.send(own)).calls[0]?.runId).toBe('own-run');
    expect((await runs.send(root)).fixups).toEqual([]);

    const plainRoot = span({ name: 'cron' });
    const call = chatSpan({ parent: plainRoot, attributes: { 'gen_ai.agent.name': 'a' } });
    await runs.send(call);
    expect((await runs.send(plainRoot)).fixups).toEqual([]);
  });
});
