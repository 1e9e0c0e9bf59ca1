import { describe, expect, it } from 'vitest';
import { AGENT_TRACE_SHAPE, makeAgentTraceBatches, makeSpanBatches, repeatedWithFreshIds, sustainedSpanBatches } from '../../src/bench/span-factory.js';
import { timeExtentUs, withFreshIds } from '../../src/bench/fresh-ids.js';
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

  it('gives a body fresh ids that keep its traces whole, and nothing else of it changes', () => {
    const [body] = makeAgentTraceBatches(1, 512);
    const before = decodeTracesProtobuf(body!);
    const rounds = [1, 2, 3].map((round) => decodeTracesProtobuf(withFreshIds(body!, round)));

    const key = (s: { traceId: string; spanId: string }) => `${s.traceId}/${s.spanId}`;
    const seen = new Set(before.map(key));
    for (const after of rounds) {
      expect(after).toHaveLength(before.length);
      for (const span of after) {
        expect(seen.has(key(span)), `${key(span)} seen before`).toBe(false);
        seen.add(key(span));
      }
      // Every parent link still points at the span it pointed at, under its new id.
      const newIdOf = new Map(before.map((s, i) => [s.spanId, after[i]!.spanId]));
      const tracesAfter = new Map<string, Set<string>>();
      after.forEach((span, i) => {
        const parentBefore = before[i]!.parentSpanId;
        if (parentBefore === '') expect(span.parentSpanId).toBe('');
        else if (newIdOf.has(parentBefore)) expect(span.parentSpanId).toBe(newIdOf.get(parentBefore));
        else expect(span.parentSpanId).not.toBe(parentBefore); // a parent in another batch
        const { traceId, spanId, parentSpanId, ...rest } = span;
        const { traceId: t0, spanId: s0, parentSpanId: p0, ...restBefore } = before[i]!;
        expect(rest).toEqual(restBefore);
        tracesAfter.set(t0, (tracesAfter.get(t0) ?? new Set()).add(traceId));
      });
      // The spans of each trace before share one trace after, and no two traces merge.
      expect([...tracesAfter.values()].every((ids) => ids.size === 1)).toBe(true);
      expect(new Set([...tracesAfter.values()].flatMap((ids) => [...ids])).size).toBe(tracesAfter.size);
    }
    expect(decodeTracesProtobuf(withFreshIds(body!, 0))).toEqual(before);
    expect(decodeTracesProtobuf(withFreshIds(body!, 2))).toEqual(rounds[1]);
  });

  it('moves the times of a copy by its round times the period, and changes nothing else but its ids', () => {
    const [body] = makeSpanBatches(1, 512);
    const before = decodeTracesProtobuf(body!);
    const after = decodeTracesProtobuf(withFreshIds(body!, 3, 7_000_001));
    const unchanged = decodeTracesProtobuf(withFreshIds(body!, 3));
    after.forEach((span, i) => {
      expect([span.startUs - before[i]!.startUs, span.endUs - before[i]!.endUs]).toEqual([21_000_003, 21_000_003]);
      const { startUs, endUs, ...rest } = span;
      const { startUs: s0, endUs: e0, ...restUnshifted } = unchanged[i]!;
      expect(rest).toEqual(restUnshifted);
    });
  });

  it('repeats templates pass after pass, each pass later than the one before', () => {
    const templates = makeSpanBatches(3, 64);
    const extent = timeExtentUs(templates);
    const spans = templates.flatMap((b) => decodeTracesProtobuf(b));
    expect(extent).toEqual({ startUs: Math.min(...spans.map((s) => s.startUs)), endUs: Math.max(...spans.map((s) => s.endUs)) });
    const bodies = repeatedWithFreshIds(templates, 9);
    const passes = [0, 1, 2].map((pass) => [0, 1, 2].flatMap((i) => decodeTracesProtobuf(bodies.at(pass * 3 + i)!)));
    for (let pass = 1; pass < 3; pass++) {
      expect(Math.min(...passes[pass]!.map((s) => s.startUs))).toBeGreaterThan(Math.max(...passes[pass - 1]!.map((s) => s.endUs)));
    }
  });

  it('makes a long load from a few SDK-made bodies, every span of it new', async () => {
    const bodies = sustainedSpanBatches(7, 512, 3);
    expect(bodies.length).toBe(7);
    expect(bodies.at(7)).toBeUndefined();
    const all = Array.from({ length: 7 }, (_, i) => bodies.at(i)!);
    const { calls } = await process(all);
    expect(calls).toHaveLength(7 * 512);
    expect(new Set(calls.map((c) => `${c.traceId}/${c.spanId}`)).size).toBe(7 * 512);
    expect(calls.every((c) => c.cost !== null)).toBe(true);
  });

  it('repeats agent-trace templates as new traces whose calls still inherit the agent of their root', async () => {
    const templates = makeAgentTraceBatches(2, 512);
    const bodies = repeatedWithFreshIds(templates, 5);
    const all = Array.from({ length: 5 }, (_, i) => bodies.at(i)!);
    expect(all.slice(0, 2)).toEqual(templates);
    const { calls, activities } = await process(all);
    const records = [...calls, ...activities];
    expect(records).toHaveLength(5 * 512);
    expect(new Set(records.map((r) => `${r.traceId}/${r.spanId}`)).size).toBe(5 * 512);
    // A call gets its root's agent in its own batch or by a later fix-up; with the agent set
    // on the root only, a copy that lost its links would fall back to the service name.
    const roots = new Set(activities.filter((a) => a.eventType === 'agent_invocation').map((a) => a.traceId));
    const inBatchWithRoot = calls.filter((c) => roots.has(c.traceId));
    expect(inBatchWithRoot.length).toBeGreaterThan(5 * 300);
    expect(inBatchWithRoot.filter((c) => c.agent === 'bench-agents').length).toBeLessThan(inBatchWithRoot.length / 10);
  });
});
