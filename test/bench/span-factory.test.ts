import { describe, expect, it } from 'vitest';
import { AGENT_TRACE_SHAPE, makeAgentTraceBatches, makeSpanBatches } from '../../src/bench/span-factory.js';
import { parseConfig } from '../../src/config/load.js';
import { Catalog } from '../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../src/pricing/override-store.js';
import { PricingService } from '../../src/pricing/service.js';
import { decodeTracesProtobuf } from '../../src/receivers/otlp/decode/index.js';
import { buildProcessors } from '../../src/service/pipeline.js';
import { newBatch, type TraceBatch } from '../../src/pipeline/batch.js';

/** What the server's processors make of the bench's bodies. */
async function process(bodies: Uint8Array[]) {
  const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new MemoryOverrideStore(), configOverrides: [] });
  const out = { spans: 0, calls: [] as TraceBatch['calls'], activities: [] as TraceBatch['activities'], fixups: [] as TraceBatch['agentFixups'] };
  const sink = {
    consume: async (b: TraceBatch) => {
      out.calls.push(...b.calls);
      out.activities.push(...b.activities);
      out.fixups.push(...b.agentFixups);
    },
  };
  const { head } = buildProcessors(parseConfig({}, 'test', {}), sink, pricing);
  for (const body of bodies) {
    const spans = decodeTracesProtobuf(body);
    expect(spans).toHaveLength(512);
    out.spans += spans.length;
    await head.consume(newBatch({ protocol: 'http', tenant: 'default' }, spans));
  }
  return out;
}

describe('bench span factory', () => {
  it('makes batches of priced chat calls, each with its agent and run', async () => {
    const { calls, activities } = await process(makeSpanBatches(2, 512));
    expect(calls).toHaveLength(1024);
    expect(activities).toHaveLength(0);
    expect(calls.every((c) => c.cost !== null && c.agent !== '' && c.runId.startsWith('run-'))).toBe(true);
  });

  it('makes agent traces whose calls and tool calls inherit agent and run from their root, across batches', async () => {
    const { spans, calls, activities, fixups } = await process(makeAgentTraceBatches(3, 512));
    const perTrace = 1 + AGENT_TRACE_SHAPE.calls + AGENT_TRACE_SHAPE.tools;
    const traces = new Set([...calls, ...activities].map((r) => r.traceId));
    // Whole traces, except where a batch boundary cuts the last one.
    expect(Math.abs(traces.size - spans / perTrace)).toBeLessThan(1);
    expect(calls.length + activities.length).toBe(spans);
    expect(activities.filter((a) => a.eventType === 'tool_call').length / traces.size).toBeCloseTo(AGENT_TRACE_SHAPE.tools, 0);
    expect(calls.length / traces.size).toBeCloseTo(AGENT_TRACE_SHAPE.calls, 0);
    // Children end (and are exported) before their root: inherited at once within a batch,
    // fixed up when the root arrives in the next one.
    const root = new Map(activities.filter((a) => a.eventType === 'agent_invocation').map((a) => [a.traceId, a]));
    const fixed = new Map(fixups.map((f) => [f.spanId, f.agent]));
    for (const c of calls) {
      const owner = root.get(c.traceId);
      if (owner === undefined) continue; // its root is in the batch after the last
      expect(fixed.get(c.spanId) ?? c.agent).toBe(owner.agent);
      expect(c.runId === owner.runId || fixed.has(c.spanId)).toBe(true);
    }
  });
});
