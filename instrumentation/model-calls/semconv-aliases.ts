import { diag } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GEN_AI } from '../attribution/keys.js';

/** What the Anthropic SDK's own spans (>= 0.134) name differently from the current conventions. */
const ANTHROPIC_CACHE_WRITE = 'gen_ai.usage.cache_write.input_tokens';
const ANTHROPIC_STOP_REASON = 'anthropic.message.stop_reason';

/**
 * Adds the current GenAI semantic-convention names to model-call spans whose instrumentation
 * writes older or vendor names, so every consumer of the spans (tokentally, or any other
 * backend fed by the same SDK) finds them under one name. The original attributes stay.
 *
 * - @opentelemetry/instrumentation-openai names the provider of chat spans only with the
 *   deprecated gen_ai.system.
 * - The Anthropic SDK names cache writes gen_ai.usage.cache_write.input_tokens and the stop
 *   reason anthropic.message.stop_reason.
 */
export class SemconvAliasSpanProcessor implements SpanProcessor {
  onStart(span: Span): void {
    try {
      const system = span.attributes[GEN_AI.system];
      if (span.attributes[GEN_AI.providerName] === undefined && typeof system === 'string') {
        span.setAttribute(GEN_AI.providerName, system);
      }
    } catch (error) {
      diag.debug('tokentally: could not alias span attributes', error);
    }
  }

  // Usage arrives at the end of a call, so the aliases are added while the span is ending, the
  // last moment its attributes can still change.
  onEnding(span: Span): void {
    try {
      const attributes = span.attributes;
      const cacheWrite = attributes[ANTHROPIC_CACHE_WRITE];
      if (attributes[GEN_AI.cacheCreationTokens] === undefined && typeof cacheWrite === 'number') {
        span.setAttribute(GEN_AI.cacheCreationTokens, cacheWrite);
      }
      const stopReason = attributes[ANTHROPIC_STOP_REASON];
      if (attributes[GEN_AI.finishReasons] === undefined && typeof stopReason === 'string') {
        span.setAttribute(GEN_AI.finishReasons, [stopReason]);
      }
    } catch (error) {
      diag.debug('tokentally: could not alias span attributes', error);
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
