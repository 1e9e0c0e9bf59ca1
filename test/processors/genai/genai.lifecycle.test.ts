import { describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../../../src/processors/genai/config.js';
import { createGenaiProcessor } from '../../../src/processors/genai/factory.js';
import { processorLifecycleTests } from '../../support/processor-lifecycle.js';
import { agentSpan, batchOf, chatSpan, collectingSink, httpSpan } from '../../support/spans.js';

describe('genai processor lifecycle', () => {
  it('has the defaults of processors.genai', () => {
    expect(createDefaultConfig()).toEqual({ forward_non_genai: false, max_tokens_per_call: 100_000_000 });
  });

  processorLifecycleTests((next) => createGenaiProcessor(createDefaultConfig(), next), () => batchOf([chatSpan()]));

  it('records the lineage of every span, gen_ai or not, for the runs processor', async () => {
    const agent = agentSpan('researcher', { service: 'crew', attributes: { 'tokentally.run_id': 'run-7', 'session.id': 's-1' } });
    const http = httpSpan({ parent: agent });
    const call = chatSpan({ parent: http });
    const batch = batchOf([agent, http, call]);
    await createGenaiProcessor(createDefaultConfig(), collectingSink()).consume(batch);
    expect(batch.lineage).toEqual([
      { traceId: agent.traceId, spanId: agent.spanId, parentSpanId: '', agent: 'researcher', runId: 'run-7', sessionId: 's-1', serviceName: 'crew' },
      { traceId: agent.traceId, spanId: http.spanId, parentSpanId: agent.spanId, agent: '', runId: '', sessionId: '', serviceName: 'agent-service' },
      { traceId: agent.traceId, spanId: call.spanId, parentSpanId: http.spanId, agent: '', runId: '', sessionId: '', serviceName: 'agent-service' },
    ]);
  });
});
