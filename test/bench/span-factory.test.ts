import { describe, expect, it } from 'vitest';
import { AGENT_TRACE_SHAPE, makeAgentTraceBatches, makeSpanBatches } from '../../src/bench/span-factory.js';
import { processLocally } from '../../src/bench/ingest-bench.js';
import { decodeTracesProtobuf } from '../../src/receivers/otlp/decode/index.js';

/** What the server's processors make of the bench's bodies (each of 512 spans). */
async function process(bodies: Uint8Array[]) {
  for (const body of bodies) expect(decodeTracesProtobuf(body)).toHaveLength(512);
  const batches = await processLocally(bodies);
  return {
    spans: bodies.length * 512,
    calls: batches.flatMap((b) => b.calls),
    activities: batches.flatMap((b) => b.activities),
    fixups: batches.flatMap((b) => b.fixups),
  };
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
