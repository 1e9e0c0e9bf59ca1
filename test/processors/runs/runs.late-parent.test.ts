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
    expect(last.agentFixups).toEqual([
      { tenant: 'default', traceId: agent.traceId, spanId: first.spanId, agent: 'researcher', startUs: first.startUs },
      { tenant: 'default', traceId: agent.traceId, spanId: tool.spanId, agent: 'researcher', startUs: tool.startUs },
      { tenant: 'default', traceId: agent.traceId, spanId: second.spanId, agent: 'researcher', startUs: second.startUs },
    ]);
    expect((await runs.send(chatSpan({ parent: agent }))).agentFixups).toEqual([]);
  });

  it('follows the gap closing in steps: an HTTP span first, the agent later', async () => {
    const runs = runsHarness();
    const agent = agentSpan('coder');
    const http = httpSpan({ parent: agent });
    const call = chatSpan({ parent: http });
    await runs.send(call);
    expect((await runs.send(http)).agentFixups).toEqual([]);
    expect((await runs.send(agent)).agentFixups).toEqual([{ tenant: 'default', traceId: call.traceId, spanId: call.spanId, agent: 'coder', startUs: call.startUs }]);
  });

  it('fixes up nothing when the late ancestors name no agent', async () => {
    const runs = runsHarness();
    const root = span({ name: 'cron job', service: 'etl' });
    const call = chatSpan({ parent: root, service: 'etl' });
    expect((await runs.send(call)).calls[0]?.agent).toBe('etl');
    expect((await runs.send(root)).agentFixups).toEqual([]);
    expect((await runs.send(agentSpan('late', { parentSpanId: 'ffffffffffffffff', traceId: call.traceId }))).agentFixups).toEqual([]);
  });

  it('fixes up each stored call once, to its nearest agent', async () => {
    const runs = runsHarness();
    const outer = agentSpan('orchestrator');
    const inner = agentSpan('analyst', { parent: outer });
    const call = chatSpan({ parent: inner });
    await runs.send(call);
    const batch = await runs.send(outer, inner);
    expect(batch.agentFixups).toEqual([{ tenant: 'default', traceId: call.traceId, spanId: call.spanId, agent: 'analyst', startUs: call.startUs }]);
    expect((await runs.send(agentSpan('x', { parent: outer }))).agentFixups).toEqual([]);
  });

  it('emits fixups for the tenant that sent the calls', async () => {
    const runs = runsHarness();
    const agent = agentSpan('writer');
    await runs.sendAs('acme', chatSpan({ parent: agent }));
    expect((await runs.sendAs('acme', agent)).agentFixups.map((f) => f.tenant)).toEqual(['acme']);
  });
});
