import { diag, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { readAttributionEntries } from './context.js';

/**
 * Stamps every span started inside withRun / withAgent / withTask / withSession (or inside a
 * context extracted from an incoming request's baggage) with tokentally.run_id,
 * gen_ai.agent.name, tokentally.task_type and session.id. An attribute that the span already
 * has at start wins: its own instrumentation knows better than the surrounding context.
 */
export class AttributionSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    try {
      for (const [key, value] of Object.entries(readAttributionEntries(parentContext))) {
        if (span.attributes[key] === undefined) span.setAttribute(key, value);
      }
    } catch (error) {
      // The SDK's MultiSpanProcessor does not guard its processors; a throw here would fail
      // the application's call that started the span.
      diag.debug('tokentally: could not stamp attribution', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
