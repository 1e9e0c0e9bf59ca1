import { describe, expect, it } from 'vitest';
import { agentSpan, chatSpan, costSpan, span, toolSpan } from '../../support/spans.js';
import { genaiHarness } from './harness.js';

describe('genai: tools, agents and explicit costs', () => {
  it('turns execute_tool into a tool_call activity carrying its explicit cost', async () => {
    const tool = toolSpan('firecrawl_scrape', {
      status: 'ok',
      attributes: { 'tokentally.cost.usd': 0.0125, 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.call.arguments': '{"url":"https://x"}', 'gen_ai.agent.name': 'researcher' },
    });
    const batch = await genaiHarness().send(tool);
    expect(batch.calls).toEqual([]);
    expect(batch.activities).toEqual([
      {
        traceId: tool.traceId,
        spanId: tool.spanId,
        parentSpanId: '',
        startUs: tool.startUs,
        endUs: tool.endUs,
        tenant: 'default',
        runId: tool.traceId,
        agent: 'researcher',
        sessionId: null,
        taskType: null,
        eventType: 'tool_call',
        name: 'firecrawl_scrape',
        status: 'ok',
        errorType: null,
        costNanos: 12_500_000,
        priceSource: 'explicit',
        attributesJson: '{"gen_ai.tool.call.id":"call_1"}',
      },
    ]);
  });

  it('turns invoke_agent, create_agent and invoke_workflow into agent_invocation activities that carry no money', async () => {
    const batch = await genaiHarness().send(
      agentSpan('planner', { attributes: { 'gen_ai.usage.input_tokens': 5_000, 'gen_ai.usage.output_tokens': 700, 'gen_ai.request.model': 'gpt-4o', 'tokentally.cost.usd': 0.02 } }),
      span({ name: 'create_agent support', attributes: { 'gen_ai.operation.name': 'create_agent', 'gen_ai.agent.id': 'asst_123' } }),
      span({ name: 'invoke_workflow onboarding', attributes: { 'gen_ai.operation.name': 'invoke_workflow' } }),
    );
    expect(batch.calls).toEqual([]);
    expect(batch.activities.map((a) => [a.eventType, a.name, a.costNanos])).toEqual([
      ['agent_invocation', 'planner', null],
      ['agent_invocation', 'asst_123', null],
      ['agent_invocation', 'invoke_workflow onboarding', null],
    ]);
    expect(JSON.parse(batch.activities[0]?.attributesJson ?? '')).toEqual({
      'gen_ai.usage.input_tokens': 5_000,
      'gen_ai.usage.output_tokens': 700,
      'gen_ai.request.model': 'gpt-4o',
      'tokentally.cost.usd': 0.02,
    });
  });

  it("turns recordCost's span (a cost and no model) into a cost activity", async () => {
    const batch = await genaiHarness().send(costSpan(0.5, 'serpapi_search', { attributes: { 'tokentally.task_type': 'research' } }));
    expect(batch.calls).toEqual([]);
    expect(batch.activities[0]).toMatchObject({ eventType: 'cost', name: 'serpapi_search', costNanos: 500_000_000, priceSource: 'explicit', taskType: 'research' });
    expect(batch.activities[0]?.attributesJson).toBe('{"tokentally.category":"tool"}');
  });

  it('keeps an explicit cost on a model call as the call’s explicit cost, once', async () => {
    const batch = await genaiHarness().send(
      chatSpan({ operation: 'generate_image', model: 'gpt-image-1', usage: {}, attributes: { 'tokentally.cost.usd': 0.04 } }),
    );
    expect(batch.activities).toEqual([]);
    expect(batch.calls[0]).toMatchObject({ operation: 'generate_image', category: 'image', explicitCostNanos: 40_000_000 });
  });

  it('treats a span with a model and a cost but no operation as a priced model call', async () => {
    const batch = await genaiHarness().send(
      span({ name: 'render', attributes: { 'gen_ai.request.model': 'flux-pro', 'tokentally.cost.usd': 0.055, 'tokentally.category': 'image' } }),
    );
    expect(batch.calls[0]).toMatchObject({ operation: '', category: 'image', explicitCostNanos: 55_000_000 });
  });

  it('rounds explicit costs to the nano-dollar', async () => {
    const batch = await genaiHarness().send(costSpan(0.1 + 0.2, 'x'), costSpan(1e-10, 'tiny'), costSpan(0, 'free'));
    expect(batch.activities.map((a) => a.costNanos)).toEqual([300_000_000, 0, 0]);
  });
});
