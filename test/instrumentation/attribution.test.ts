import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  currentAttribution,
  injectAttribution,
  withAgent,
  withIncomingAttribution,
  withRun,
  withSession,
  withTask,
} from '../../instrumentation/attribution/context.js';
import { recordCost } from '../../instrumentation/attribution/record-cost.js';
import { AttributionSpanProcessor } from '../../instrumentation/attribution/span-processor.js';

describe('attribution', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    // What NodeSDK sets up in an agent process: async context, W3C propagators, a tracer provider.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new AttributionSpanProcessor(), new SimpleSpanProcessor(exporter)] }),
    );
  });

  afterEach(() => exporter.reset());

  const startAndEnd = (name: string, attributes = {}) => trace.getTracer('test').startSpan(name, { attributes }).end();
  const exported = (name: string) => exporter.getFinishedSpans().find((span) => span.name === name)?.attributes;

  it('stamps run, agent, task and session on every span started inside the helpers, across awaits', async () => {
    await withSession('s-1', () =>
      withRun('run-1', () =>
        withAgent('planner', async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          await withTask('plan', async () => startAndEnd('inside'));
        }),
      ),
    );
    startAndEnd('outside');
    expect(exported('inside')).toEqual({
      'tokentally.run_id': 'run-1',
      'gen_ai.agent.name': 'planner',
      'tokentally.task_type': 'plan',
      'session.id': 's-1',
    });
    expect(exported('outside')).toEqual({});
  });

  it('lets an inner helper override an outer one, and a span keep its own attribute', () => {
    withAgent('outer', () =>
      withAgent('inner', () => {
        startAndEnd('overridden');
        startAndEnd('own', { 'gen_ai.agent.name': 'from-the-framework' });
      }),
    );
    expect(exported('overridden')?.['gen_ai.agent.name']).toBe('inner');
    expect(exported('own')?.['gen_ai.agent.name']).toBe('from-the-framework');
  });

  it('returns what the function returns', async () => {
    expect(withRun('r', () => 42)).toBe(42);
    await expect(withTask('t', async () => 'done')).resolves.toBe('done');
  });

  it('refuses an empty id rather than attributing to nothing', () => {
    expect(() => withRun('', () => 1)).toThrow(TypeError);
  });

  it('crosses a process boundary in the W3C baggage header', () => {
    const headers = withRun('run-9', () => withAgent('writer', () => withTask('draft', () => injectAttribution({}))));
    expect(headers.baggage?.split(',').sort()).toEqual([
      'gen_ai.agent.name=writer',
      'tokentally.run_id=run-9',
      'tokentally.task_type=draft',
    ]);
    // The receiving service, given the request's headers (Node lower-cases their names):
    withIncomingAttribution({ baggage: headers.baggage }, () => {
      expect(currentAttribution()).toEqual({ runId: 'run-9', agent: 'writer', taskType: 'draft', sessionId: undefined });
      startAndEnd('downstream');
    });
    expect(exported('downstream')).toMatchObject({ 'tokentally.run_id': 'run-9', 'gen_ai.agent.name': 'writer' });
  });

  it('records a non-model cost as a tokentally.cost span with the attribution in effect', () => {
    withRun('run-2', () => withAgent('scraper', () => recordCost({ usd: 0.015, category: 'tool', name: 'firecrawl.scrape' })));
    expect(exported('tokentally.cost')).toEqual({
      'tokentally.cost.usd': 0.015,
      'tokentally.category': 'tool',
      'tokentally.cost.name': 'firecrawl.scrape',
      'tokentally.run_id': 'run-2',
      'gen_ai.agent.name': 'scraper',
    });
    expect(() => recordCost({ usd: -1, category: 'tool', name: 'x' })).toThrow(TypeError);
    expect(() => recordCost({ usd: Number.NaN, category: 'tool', name: 'x' })).toThrow(TypeError);
  });
});
