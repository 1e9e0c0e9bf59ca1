import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { readableSpan, resource } from './readable-spans.js';

/**
 * A realistic export batch: agents' chat spans with the ~15 gen_ai attributes tokentally reads,
 * as the benchmark sends them. Deterministic, so sizes and timings compare across runs.
 */
export function genAiBatch(count: number, seed = 1): ReadableSpan[] {
  let state = seed;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const hex = (digits: number): string =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const agents = ['researcher', 'writer', 'reviewer', 'planner'];
  const models = ['gpt-4o-mini-2024-07-18', 'claude-sonnet-4-5-20250929', 'gemini-2.5-flash'];
  const providers = ['openai', 'anthropic', 'gcp.gemini'];
  const hosts = ['api.openai.com', 'api.anthropic.com', 'generativelanguage.googleapis.com'];
  const service = resource({ 'service.name': 'research-pipeline', 'service.version': '1.4.2', 'telemetry.sdk.language': 'nodejs' });
  const scope = { name: '@opentelemetry/instrumentation-openai', version: '0.21.0' };
  // A batch carries a few pipeline runs, each a trace of many model calls under one agent span.
  const runs = Array.from({ length: 8 }, () => ({ id: `run-${hex(8)}`, traceId: hex(32), parentSpanId: hex(16) }));
  const spans: ReadableSpan[] = [];
  for (let i = 0; i < count; i++) {
    const m = i % models.length;
    const run = runs[i % runs.length];
    const startNs = 1_760_000_000_000_000_000n + BigInt(i) * 1_234_567_891n;
    const endNs = startNs + 850_123_457n;
    const hr = (ns: bigint): HrTime => [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
    spans.push(
      readableSpan({
        traceId: run.traceId,
        spanId: hex(16),
        parentSpanId: run.parentSpanId,
        name: `chat ${models[m]}`,
        kind: 2,
        start: hr(startNs),
        end: hr(endNs),
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': providers[m],
          'gen_ai.request.model': models[m],
          'gen_ai.response.model': models[m],
          'gen_ai.usage.input_tokens': 1000 + Math.floor(random() * 20000),
          'gen_ai.usage.output_tokens': 50 + Math.floor(random() * 2000),
          'gen_ai.usage.cache_read.input_tokens': Math.floor(random() * 8000),
          'gen_ai.agent.name': agents[i % agents.length],
          'tokentally.run_id': run.id,
          'server.address': hosts[m],
          'server.port': 443,
          'gen_ai.response.id': `chatcmpl-${hex(24)}`,
          'gen_ai.response.finish_reasons': ['stop'],
          'session.id': `sess-${i % 16}`,
          'gen_ai.request.temperature': 0.7,
        },
        status: { code: 0 },
        resource: service,
        scope,
      }),
    );
  }
  return spans;
}
