import { describe, expect, it } from 'vitest';
import { TraceMemory, ancestry } from '../../../src/processors/runs/trace-memory.js';
import { agentSpan, chatSpan, newSpanId, newTraceId } from '../../support/spans.js';
import { runsHarness } from './harness.js';

describe('runs: the trace memory stays bounded', () => {
  it('forgets a trace not seen for trace_memory_minutes', async () => {
    const runs = runsHarness({}, 30);
    const agent = agentSpan('planner');
    await runs.send(agent);
    runs.advanceMinutes(29);
    expect((await runs.send(chatSpan({ parent: agent }))).calls[0]?.agent).toBe('planner');
    runs.advanceMinutes(31);
    expect((await runs.send(chatSpan({ parent: agent }))).calls[0]?.agent).toBe('agent-service');
  });

  it('keeps a trace that is still being seen, however old it is', async () => {
    const runs = runsHarness({}, 30);
    const agent = agentSpan('planner');
    await runs.send(agent);
    for (let i = 0; i < 4; i++) {
      runs.advanceMinutes(20);
      await runs.send(chatSpan({ parent: agent }));
    }
    expect(runs.sink.calls().map((c) => c.agent)).toEqual(['planner', 'planner', 'planner', 'planner']);
  });

  it('drops the least recently seen traces beyond maxTraces', async () => {
    const runs = runsHarness({ maxTraces: 2 });
    const [a, b, c] = [agentSpan('a'), agentSpan('b'), agentSpan('c')];
    await runs.send(a);
    await runs.send(b);
    await runs.send(chatSpan({ parent: a }));
    await runs.send(c);
    const batch = await runs.send(chatSpan({ parent: a }), chatSpan({ parent: b }), chatSpan({ parent: c }));
    expect(batch.calls.map((call) => call.agent)).toEqual(['a', 'agent-service', 'c']);
  });

  it('gives up on fixing up calls of a trace it had to forget', async () => {
    const runs = runsHarness({ maxTraces: 1 });
    const agent = agentSpan('late');
    await runs.send(chatSpan({ parent: agent }));
    await runs.send(chatSpan());
    expect((await runs.send(agent)).fixups).toEqual([]);
  });

  it('keeps exactly the most recently seen traces, however they are touched again', () => {
    const memory = new TraceMemory({ ttlMs: 60_000, maxTraces: 5, maxSpans: 1_000 });
    const ids = Array.from({ length: 12 }, () => newTraceId());
    const model: string[] = [];
    let seed = 7;
    for (let step = 0; step < 2_000; step++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      const traceId = ids[seed % ids.length]!;
      memory.touch('default', traceId, 0);
      memory.evict(0);
      const at = model.indexOf(traceId);
      if (at >= 0) model.splice(at, 1);
      model.push(traceId);
      if (model.length > 5) model.shift();
      expect(ids.filter((id) => memory.get('default', id) !== undefined).sort(), `step ${step}`).toEqual([...model].sort());
    }
    expect(memory.traceCount).toBe(5);
  });

  it('counts span links across traces and evicts whole traces beyond maxSpans', () => {
    const memory = new TraceMemory({ ttlMs: 60_000, maxTraces: 100, maxSpans: 10 });
    for (let t = 0; t < 5; t++) {
      const traceId = newTraceId();
      const state = memory.touch('default', traceId, 0);
      for (let s = 0; s < 4; s++) memory.addLineage(state, { traceId, spanId: newSpanId(), parentSpanId: '', agent: '', runId: '', sessionId: '', serviceName: 'svc' });
      memory.evict(0);
      expect(memory.spanCount).toBeLessThanOrEqual(10);
    }
    expect(memory.traceCount).toBe(2);
  });

  it('trims the oldest links of a single trace larger than maxSpans', () => {
    const memory = new TraceMemory({ ttlMs: 60_000, maxTraces: 100, maxSpans: 3 });
    const traceId = newTraceId();
    const state = memory.touch('default', traceId, 0);
    const ids = Array.from({ length: 5 }, () => newSpanId());
    for (const spanId of ids) memory.addLineage(state, { traceId, spanId, parentSpanId: '', agent: 'x', runId: '', sessionId: '', serviceName: 'svc' });
    memory.evict(0);
    expect([...(state.links as Map<string, unknown>).keys()]).toEqual(ids.slice(2));
    // A child of a trimmed span no longer finds its agent; a child of a kept one does.
    expect(ancestry(state, ids[1]!).agent).toBeNull();
    expect(ancestry(state, ids[2]!).agent).toBe('x');
    expect(memory.spanCount).toBe(3);
  });

  it('keeps apart the traces of tenants that send the same trace id, and forgets each on its own', () => {
    const memory = new TraceMemory({ ttlMs: 60_000, maxTraces: 2, maxSpans: 100 });
    const traceId = newTraceId();
    const link = (agent: string) => ({ traceId, spanId: newSpanId(), parentSpanId: '', agent, runId: '', sessionId: '', serviceName: 'svc' });
    const states = ['a', 'b', 'c'].map((tenant, i) => {
      const state = memory.touch(tenant, traceId, i);
      memory.addLineage(state, link(`agent-${tenant}`));
      return state;
    });
    // Three traces share the id; the bound of two forgets tenant a's, the least recently seen.
    memory.evict(2);
    expect([memory.get('a', traceId), memory.get('b', traceId), memory.get('c', traceId)]).toEqual([undefined, states[1], states[2]]);
    expect((states[2]!.links as { agent: string }).agent).toBe('agent-c');
    // Seen again, b is the most recent: a new tenant's trace forgets c (found behind d in the chain).
    memory.touch('b', traceId, 3);
    memory.addLineage(memory.touch('d', traceId, 4), link('agent-d'));
    memory.evict(4);
    expect(['a', 'b', 'c', 'd'].map((tenant) => memory.get(tenant, traceId)?.tenant)).toEqual([undefined, 'b', undefined, 'd']);
    expect([memory.traceCount, memory.spanCount]).toEqual([2, 2]);
    // d, first of the chain, goes when it is the least recently seen; b stays findable.
    memory.touch('b', traceId, 5);
    memory.touch('d', newTraceId(), 6);
    memory.evict(6);
    expect(['b', 'd'].map((tenant) => memory.get(tenant, traceId)?.tenant)).toEqual(['b', undefined]);
    // b, now first of its chain and alone in it, is forgotten in its turn.
    memory.touch('e', newTraceId(), 7);
    memory.evict(7);
    expect(memory.get('b', traceId)).toBeUndefined();
    expect(memory.traceCount).toBe(2);
    expect(memory.touch('b', traceId, 8).links).toBeUndefined();
  });

  it('counts a lone span once, resent or not, and finds every link once a second span joins it', () => {
    const memory = new TraceMemory({ ttlMs: 60_000, maxTraces: 1, maxSpans: 100 });
    const traceId = newTraceId();
    const state = memory.touch('default', traceId, 0);
    const link = (spanId: string, parentSpanId: string, agent: string) => ({ traceId, spanId, parentSpanId, agent, runId: '', sessionId: '', serviceName: 'svc' });
    const [root, child] = [newSpanId(), newSpanId()];
    memory.addLineage(state, link(root, '', 'planner'));
    memory.addLineage(state, link(root, '', 'planner'));
    expect(memory.spanCount).toBe(1);
    expect(ancestry(state, root).agent).toBe('planner');
    memory.addLineage(state, link(child, root, ''));
    expect(memory.spanCount).toBe(2);
    expect(ancestry(state, child).agent).toBe('planner');
    // A second trace evicts the first (maxTraces 1) and takes its count with it.
    memory.addLineage(memory.touch('default', newTraceId(), 0), link(newSpanId(), '', 'writer'));
    memory.evict(0);
    expect([memory.traceCount, memory.spanCount]).toEqual([1, 1]);
  });
});

describe('runs: records waiting for an ancestor', () => {
  const record = (waitingFor: string) => ({ parentSpanId: waitingFor, startUs: 0, pending: ['runId' as const], waitingFor });

  it('files each record under the ancestor it waits for, so a batch re-walks only those its spans complete', () => {
    const memory = new TraceMemory({ ttlMs: 60_000, maxTraces: 100, maxSpans: 1_000 });
    const state = memory.touch('default', newTraceId(), 0);
    const [rootA, rootB] = [newSpanId(), newSpanId()];
    const waitingForA = Array.from({ length: 3 }, () => newSpanId());
    for (const id of waitingForA) memory.addUnresolved(state, id, record(rootA));
    const waitingForB = newSpanId();
    memory.addUnresolved(state, waitingForB, record(rootB));
    // Sent again, a record is not filed twice.
    memory.addUnresolved(state, waitingForA[0]!, record(rootA));

    expect(memory.takeWaiting(state, newSpanId())).toEqual([]);
    memory.resolved(state, waitingForA[1]!);
    expect(memory.takeWaiting(state, rootA).map(([id]) => id)).toEqual([waitingForA[0], waitingForA[2]]);
    expect(memory.takeWaiting(state, rootA)).toEqual([]);
    expect(memory.takeWaiting(state, rootB).map(([id]) => id)).toEqual([waitingForB]);
    expect(memory.spanCount).toBe(3);
  });

  it('finds in one walk what a span inherits, and the first ancestor it waits for', () => {
    const memory = new TraceMemory({ ttlMs: 60_000, maxTraces: 100, maxSpans: 1_000 });
    const traceId = newTraceId();
    const state = memory.touch('default', traceId, 0);
    const [root, agent, missing] = [newSpanId(), newSpanId(), newSpanId()];
    const link = (spanId: string, parentSpanId: string, names: { agent?: string; runId?: string } = {}) => ({ traceId, spanId, parentSpanId, agent: '', runId: '', sessionId: '', serviceName: 'svc', ...names });
    memory.addLineage(state, link(agent, missing, { agent: 'coder' }));
    expect(ancestry(state, agent)).toEqual({ agent: 'coder', runId: null, sessionId: null, missing });
    memory.addLineage(state, link(missing, root));
    expect(ancestry(state, agent)).toEqual({ agent: 'coder', runId: null, sessionId: null, missing: root });
    memory.addLineage(state, link(root, '', { runId: 'nightly' }));
    // Every ancestor known: what none of them names is '' for good.
    expect(ancestry(state, agent)).toEqual({ agent: 'coder', runId: 'nightly', sessionId: '', missing: '' });
    expect(ancestry(state, '')).toEqual({ agent: '', runId: '', sessionId: '', missing: '' });
  });
});
