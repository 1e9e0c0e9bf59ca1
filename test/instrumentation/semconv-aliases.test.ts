import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SemconvAliasSpanProcessor } from '../../instrumentation/model-calls/semconv-aliases.js';

describe('SemconvAliasSpanProcessor', () => {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({
    spanProcessors: [new SemconvAliasSpanProcessor(), new SimpleSpanProcessor(exporter)],
  }).getTracer('test');

  it('adds gen_ai.provider.name where only the deprecated gen_ai.system is set', () => {
    tracer.startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai' } }).end();
    expect(exporter.getFinishedSpans().at(-1)?.attributes['gen_ai.provider.name']).toBe('openai');
  });

  it('adds the current names for the Anthropic SDK’s cache-write and stop-reason attributes set before the end', () => {
    const span = tracer.startSpan('anthropic.messages.create', { attributes: { 'gen_ai.provider.name': 'anthropic' } });
    span.setAttributes({ 'gen_ai.usage.cache_write.input_tokens': 300, 'anthropic.message.stop_reason': 'end_turn' });
    span.end();
    expect(exporter.getFinishedSpans().at(-1)?.attributes).toMatchObject({
      'gen_ai.usage.cache_write.input_tokens': 300,
      'gen_ai.usage.cache_creation.input_tokens': 300,
      'gen_ai.response.finish_reasons': ['end_turn'],
    });
  });

  it('never overwrites the current names', () => {
    tracer
      .startSpan('x', {
        attributes: {
          'gen_ai.system': 'openai',
          'gen_ai.provider.name': 'azure.ai.openai',
          'gen_ai.usage.cache_write.input_tokens': 1,
          'gen_ai.usage.cache_creation.input_tokens': 2,
        },
      })
      .end();
    expect(exporter.getFinishedSpans().at(-1)?.attributes).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.usage.cache_creation.input_tokens': 2,
    });
  });
});
