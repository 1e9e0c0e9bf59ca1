import { describe, expect, it } from 'vitest';
import { agentSpan, chatSpan, httpSpan, span, toolSpan } from '../../support/spans.js';
import { runsHarness } from './harness.js';

describe('runs: agent, run and session from ancestors in the same batch', () => {
  it('gives a call the agent of the nearest invoke_agent above it, through spans that are not gen_ai', async () => {
    const outer = agentSpan('orchestrator');
    const inner = agentSpan('researcher', { parent: outer });
    const http = httpSpan({ parent: inner });
    const call = chatSpan({ parent: http });
    const direct = chatSpan({ parent: outer });
    const batch = await runsHarness().send(call, direct, http, inner, outer);
    expect(batch.calls.map((c) => [c.spanId, c.agent])).toEqual([
      [call.spanId, 'researcher'],
      [direct.spanId, 'orchestrator'],
    ]);
    expect(batch.fixups).toEqual([]);
  });

  it('keeps the agent a span names itself', async () => {
    const root = agentSpan('orchestrator');
    const call = chatSpan({ parent: root, attributes: { 'gen_ai.agent.name': 'critic' } });
    const [record] = (await runsHarness().send(call, root)).calls;
    expect(record?.agent).toBe('critic');
  });

  it('falls back to the service name when no ancestor names an agent', async () => {
    const root = span({ name: 'handle_request', service: 'billing-api' });
    const call = chatSpan({ parent: root, service: 'billing-api' });
    const [record] = (await runsHarness().send(call, root)).calls;
    expect(record?.agent).toBe('billing-api');
  });

  it('attributes tool and cost activities the same way', async () => {
    const root = agentSpan('scraper', { service: 'crawler' });
    const tool = toolSpan('fetch_page', { parent: root, attributes: { 'tokentally.cost.usd': 0.001 } });
    const batch = await runsHarness().send(tool, root);
    expect(batch.activities.map((a) => [a.eventType, a.agent])).toEqual([
      ['tool_call', 'scraper'],
      ['agent_invocation', 'scraper'],
    ]);
    const orphan = toolSpan('fetch_page', { service: 'crawler' });
    expect((await runsHarness().send(orphan)).activities[0]?.agent).toBe('crawler');
  });

  it('takes the run id set on the root span for calls that carry none', async () => {
    const root = span({ name: 'pipeline', attributes: { 'tokentally.run_id': 'nightly-2025-06-02' } });
    const agent = agentSpan('writer', { parent: root });
    const call = chatSpan({ parent: agent });
    const own = chatSpan({ parent: agent, attributes: { 'tokentally.run_id': 'other-run' } });
    const batch = await runsHarness().send(call, own, agent, root);
    expect(batch.calls.map((c) => c.runId)).toEqual(['nightly-2025-06-02', 'other-run']);
    expect(batch.activities[0]?.runId).toBe('nightly-2025-06-02');
  });

  it('uses the trace id as the run when no span of the trace names one', async () => {
    const call = chatSpan({ parent: agentSpan('writer') });
    const [record] = (await runsHarness().send(call)).calls;
    expect(record?.runId).toBe(call.traceId);
  });

  it('takes the session from the nearest ancestor that has one', async () => {
    const root = span({ attributes: { 'gen_ai.conversation.id': 'thread_abc' } });
    const call = chatSpan({ parent: root });
    const [record] = (await runsHarness().send(call, root)).calls;
    expect(record?.sessionId).toBe('thread_abc');
  });

  it('remembers ancestors from earlier batches', async () => {
    const runs = runsHarness();
    const root = agentSpan('planner', { attributes: { 'tokentally.run_id': 'r-1' } });
    await runs.send(root);
    const [record] = (await runs.send(chatSpan({ parent: root }))).calls;
    expect(record).toMatchObject({ agent: 'planner', runId: 'r-1' });
  });

  it('keeps tenants apart', async () => {
    const runs = runsHarness();
    const root = agentSpan('planner');
    await runs.sendAs('tenant-a', root);
    const [record] = (await runs.sendAs('tenant-b', chatSpan({ parent: root, service: 'svc-b' }))).calls;
    expect(record?.agent).toBe('svc-b');
  });
});
