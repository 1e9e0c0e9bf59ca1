import { trace, type Span } from '@opentelemetry/api';
import { GEN_AI, MODEL_CALL_OPERATIONS } from '../attribution/keys.js';
import { stringAt } from '../values.js';

/**
 * The model-call span of the call being made, when an instrumentation started one and made it
 * active (@opentelemetry/instrumentation-openai, the Anthropic SDK's own tracing, or ours), else
 * undefined: tokentally's attributes must never land on an application's enclosing span.
 */
export function activeModelCallSpan(): Span | undefined {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return undefined;
  // The SDK's spans expose their attributes; the API's Span interface does not promise them.
  const operation = 'attributes' in span ? stringAt(span.attributes, GEN_AI.operationName) : undefined;
  return operation !== undefined && MODEL_CALL_OPERATIONS.has(operation) ? span : undefined;
}
